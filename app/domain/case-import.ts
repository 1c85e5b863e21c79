// The CSV template for the go-live import of running cases (issue 14, decision 039): its columns and
// how a cell is read. German headers, because the offices fill it in German Excel; codes or the German
// labels of the code lists are accepted. Only pseudonymised fields — the two "Zuordnung" columns are
// optional and go nowhere but into the encrypted identity key (Zuordnungsschlüssel).

export const IMPORT_COLUMNS = {
  rowKey: 'Zeilenschlüssel',
  openedOn: 'Eröffnet am',
  programme: 'Programm',
  counsellorEmail: 'Berater E-Mail',
  birthYear: 'Geburtsjahr',
  gender: 'Geschlecht',
  nationality: 'Staatsangehörigkeit',
  countryOfOrigin: 'Herkunftsland',
  languages: 'Sprachen',
  arrivalMonth: 'Einreisemonat',
  district: 'Wohnort',
  householdAdults: 'Erwachsene im Haushalt',
  householdChildren: 'Kinder im Haushalt',
  residenceStatus: 'Aufenthaltsstatus',
  residenceStatusSince: 'Aufenthaltsstatus seit',
  accessRoute: 'Zugangsweg',
  germanLevel: 'Deutschkenntnisse',
  startPlace: 'Beratungsbeginn (Ort)',
  kind: 'Art des Falls',
  familyMembersCounselled: 'Mitberatene Familienangehörige',
  sharedForSubstitution: 'Für Vertretung freigegeben',
  legalBasis: 'Rechtsgrundlage',
  identityName: 'Zuordnung Name',
  identityDateOfBirth: 'Zuordnung Geburtsdatum',
} as const

export type ImportColumn = keyof typeof IMPORT_COLUMNS

/** Columns the header must name (their cells may still be empty where the field is optional). */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'rowKey',
  'openedOn',
  'programme',
  'counsellorEmail',
  'birthYear',
  'gender',
  'residenceStatus',
  'accessRoute',
  'germanLevel',
  'startPlace',
  'kind',
]

export const IMPORT_HEADERS = Object.values(IMPORT_COLUMNS)
export const REQUIRED_HEADERS = REQUIRED_COLUMNS.map((column) => IMPORT_COLUMNS[column])

/** Large enough for the biggest service's running cases, small enough to stay one transaction. */
export const MAX_IMPORT_ROWS = 20_000
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024
export const MAX_ROW_KEY_LENGTH = 100

/** Two example rows for the template: a case assigned by e-mail and one for the team's queue. */
export const TEMPLATE_EXAMPLES: Array<Partial<Record<ImportColumn, string>>> = [
  {
    rowKey: 'ALT-0001',
    openedOn: '15.03.2024',
    programme: 'MBE',
    counsellorEmail: 'beraterin@example.org',
    birthYear: '1988',
    gender: 'weiblich',
    nationality: 'SY',
    countryOfOrigin: 'SY',
    languages: 'arb, kmr',
    arrivalMonth: '09.2015',
    householdAdults: '2',
    householdChildren: '3',
    residenceStatus: 'P25_2_REFUGEE',
    residenceStatusSince: '01.02.2017',
    accessRoute: 'Mundpropaganda',
    germanLevel: 'B1',
    startPlace: 'eigene Wohnung',
    kind: 'Case Management',
    familyMembersCounselled: '1',
    sharedForSubstitution: 'ja',
  },
  {
    rowKey: 'ALT-0002',
    openedOn: '2025-11-03',
    programme: 'Flüchtlingsberatung',
    birthYear: '2001',
    gender: 'MALE',
    languages: 'prs',
    residenceStatus: 'Aufenthaltsgestattung (§ 55 AsylG)',
    accessRoute: 'EAE_REFERRAL',
    germanLevel: 'A1',
    startPlace: 'Gemeinschaftsunterkunft',
    kind: 'Kurzberatung',
  },
]

/** A code list: accepted are the code itself and its labels, compared without case and spacing. */
export type Vocabulary = ReadonlyMap<string, string>

export function normaliseLabel(value: string) {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de')
}

/** Builds a vocabulary from codes and their labels (any number of languages). */
export function vocabulary(entries: Iterable<{ code: string; labels: readonly string[] }>): Vocabulary {
  const map = new Map<string, string>()
  for (const { code, labels } of entries) {
    for (const label of [code, ...labels]) map.set(normaliseLabel(label), code)
  }
  return map
}

export function lookUp(value: string, words: Vocabulary): string | null {
  return words.get(normaliseLabel(value)) ?? null
}

/** A calendar day written as TT.MM.JJJJ (German Excel) or JJJJ-MM-TT, as YYYY-MM-DD; null otherwise. */
export function parseImportDay(value: string): string | null {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value.trim())
  if (german) return `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}`
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? value.trim() : null
}

/** A month written as MM.JJJJ or JJJJ-MM, as YYYY-MM; null otherwise. */
export function parseImportMonth(value: string): string | null {
  const german = /^(\d{1,2})[./](\d{4})$/.exec(value.trim())
  if (german) return `${german[2]}-${german[1]!.padStart(2, '0')}`
  return /^\d{4}-\d{2}$/.test(value.trim()) ? value.trim() : null
}

const YES = new Set(['ja', 'j', 'x', '1', 'yes', 'y', 'true', 'wahr'])
const NO = new Set(['nein', 'n', '0', 'no', 'false', 'falsch'])

/** ja/nein (and the usual spreadsheet spellings); null for anything else. */
export function parseYesNo(value: string): boolean | null {
  const word = normaliseLabel(value)
  if (YES.has(word)) return true
  if (NO.has(word)) return false
  return null
}

/** A whole number written without decoration ("3", not "3,0" or "drei"). */
export function parseWholeNumber(value: string): number | null {
  return /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : null
}

/** Languages as ISO 639-3 codes or names, separated by "," or "/". */
export function splitList(value: string): string[] {
  return value
    .split(/[,/|]/)
    .map((part) => part.trim())
    .filter(Boolean)
}

/** The template file: header and example rows, ";"-separated, quoted where a cell needs it. */
export function templateCsv(): string {
  const cell = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
  const columns = Object.keys(IMPORT_COLUMNS) as ImportColumn[]
  const lines = [IMPORT_HEADERS.map(cell).join(';'), ...TEMPLATE_EXAMPLES.map((row) => columns.map((column) => cell(row[column] ?? '')).join(';'))]
  return `${lines.join('\r\n')}\r\n`
}
