// From aggregates to the tables of PRODUCT.md §5/§8: cells keyed by the quantity they count (so
// that a figure shared by several tables is one cell, S3), the additive equations between them,
// and the table layout. Labels are references, resolved in the reader's language later.
import { CONTACT_MODES, CONTACT_SETTINGS, COST_BEARERS, GENDERS, MEDIATION_MODES, PROVIDER_KINDS, REFERRAL_KINDS } from '../codes.ts'
import {
  AGE_BANDS,
  REFERRAL_OUTCOMES,
  RESIDENCE_ROWS,
  STAY_BANDS,
  type Labelled,
  type Median,
  type StatisticsAggregates,
} from './aggregates.ts'
import { type Cell, type Constraint } from './suppression.ts'

export type LabelRef =
  | { key: string } // i18n key with namespace, e.g. 'codes:gender.FEMALE'
  | { text: { de: string; en: string } }
  | { country: string }
  | { language: string }

export type ValueFormat = 'int' | 'hours' | 'percent' | 'days' | 'euro'

export type ColumnSpec = { id: string; label: LabelRef; format: ValueFormat }
export type RowSpec = {
  id: string
  label: LabelRef
  /** one cell key (or null: not applicable) per column */
  cells: Array<string | null>
  total?: boolean
  /** the key (without year prefix) this row is compared with in the previous-year column */
  compare?: string | null
}
export type TableSpec = {
  id: string
  title: LabelRef
  columns: ColumnSpec[]
  rows: RowSpec[]
  /** index of the column the chart shows */
  chartColumn: number
}

export type StatisticsModel = { cells: Map<string, Cell>; constraints: Constraint[]; tables: TableSpec[] }

export const NATIONALITY_TOP = 15
export const PREVIOUS_YEAR_PREFIX = 'py:'

const s = (key: string): LabelRef => ({ key: `statistics:${key}` })
const code = (list: string, value: string): LabelRef => ({ key: `codes:${list}.${value}` })
const labelled = (entry: Labelled): LabelRef => ({ text: { de: entry.de, en: entry.en } })

/** Row codes of residual categories: suppressing them costs less (S3). */
const RESIDUAL_CODES = new Set(['DIVERSE', 'NOT_STATED', 'other', 'OTHER', 'UNKNOWN', 'XU'])
const isResidual = (key: string) =>
  key.split('|').some((segment) => {
    const [, value] = segment.split('=')
    return value !== undefined && RESIDUAL_CODES.has(value)
  })

class Builder {
  cells = new Map<string, Cell>()
  constraints: Constraint[] = []
  constructor(private readonly prefix: string) {}

  count(key: string, value: number) {
    const full = this.prefix + key
    this.cells.set(full, isResidual(key) ? { key: full, value, kind: 'count', residual: true } : { key: full, value, kind: 'count' })
    return full
  }
  /** `value` null: the measure has no value (a share of nothing). */
  measure(key: string, value: number | null, base: string) {
    const full = this.prefix + key
    this.cells.set(full, { key: full, value, kind: 'measure', base })
    return full
  }
  median(key: string, value: Median, base?: string) {
    const full = this.prefix + key
    this.cells.set(full, { key: full, value: value.median, kind: 'median', n: value.n, base })
    return full
  }
  sum(total: string, parts: string[]) {
    this.constraints.push({ total, parts })
  }
}

function sumBy<T>(items: readonly T[], pick: (item: T) => number) {
  return items.reduce((total, item) => total + pick(item), 0)
}

/** Top-15 nationalities by clients, ties by code (R10). */
export function topNationalities(aggregates: StatisticsAggregates) {
  return [...aggregates.nationality]
    .sort((a, b) => b.clients - a.clients || a.code.localeCompare(b.code))
    .slice(0, NATIONALITY_TOP)
    .map((entry) => entry.code)
}

/** The mediation languages of a year, most assignments first (ties: by code). */
export function mediationLanguages(aggregates: StatisticsAggregates) {
  return aggregates.mediation
    .filter((e) => e.section === 'language')
    .sort((a, b) => b.assignments - a.assignments || a.code.localeCompare(b.code))
    .map((e) => e.code)
}

export const OTHER_LANGUAGES = 'OTHER'

/**
 * R18: sessions and their hours once, and the participations (cases + anonymous = total, one
 * equation). Years frozen before group sessions were recorded lack the rows.
 */
function groupSessionRows(b: Builder, groups: StatisticsAggregates['keyFigures']['groupSessions']): RowSpec[] {
  if (!groups) return []
  const sessions = b.count('group-sessions', groups.sessions)
  const hours = b.measure('group-hours', groups.minutes / 60, sessions)
  const cases = b.count('group-participants.cases', groups.participantCases)
  const anonymous = b.count('group-participants.anonymous', groups.anonymousParticipants)
  const participants = b.count('group-participants', groups.participantCases + groups.anonymousParticipants)
  b.sum(participants, [cases, anonymous])
  return [
    { id: 'group-sessions', label: s('rows.groupSessions'), cells: [sessions] },
    { id: 'group-hours', label: s('rows.groupHours'), cells: [hours] },
    { id: 'group-participants', label: s('rows.groupParticipants'), cells: [participants] },
    { id: 'group-participant-cases', label: s('rows.groupParticipantCases'), cells: [cases] },
    { id: 'group-participants-anonymous', label: s('rows.groupParticipantsAnonymous'), cells: [anonymous] },
  ]
}

/**
 * Builds cells, equations and tables for one year. `prefix` separates the previous year's cells.
 * The previous year uses the current year's rows: `nationalities` fixes the top 15, `languages`
 * the mediation languages; the rest goes into an "other" row. `otherLanguages` adds that row to
 * the current year's table too (with 0), when the previous year has languages of its own.
 */
export function buildModel(
  aggregates: StatisticsAggregates,
  options: { prefix?: string; nationalities?: string[]; languages?: string[]; otherLanguages?: boolean } = {},
): StatisticsModel {
  const b = new Builder(options.prefix ?? '')
  const tables: TableSpec[] = []
  const kf = aggregates.keyFigures

  // --- key figures
  const clients = b.count('clients', kf.clients)
  const cases = b.count('cases', kf.cases)
  const newCases = b.count('cases.new', kf.newCases)
  const continuing = b.count('cases.continuing', kf.continuingCases)
  b.sum(cases, [newCases, continuing])
  const closed = b.count('cases.closed', kf.closedCases)
  const family = b.count('family-members', kf.familyMembers)
  const contacts = b.count('contacts', kf.contacts)
  const hours = b.measure('hours', kf.minutes / 60, contacts)
  // R2a and cases-with-work (R17) are not part of any equation: "davon" of continuing cases, and
  // a figure that does not add up. Years frozen before they were counted lack them.
  const optionalRow = (id: string, label: string, key: string, value: number | undefined): RowSpec[] =>
    value === undefined ? [] : [{ id, label: s(label), cells: [b.count(key, value)] }]
  const keyRows: RowSpec[] = [
    { id: 'clients', label: s('rows.clients'), cells: [clients] },
    { id: 'cases', label: s('rows.cases'), cells: [cases] },
    { id: 'new-cases', label: s('rows.newCases'), cells: [newCases] },
    { id: 'continuing-cases', label: s('rows.continuingCases'), cells: [continuing] },
    ...optionalRow('closure-only-cases', 'rows.closureOnlyCases', 'cases.closure-only', kf.closureOnlyCases),
    { id: 'closed-cases', label: s('rows.closedCases'), cells: [closed] },
    ...optionalRow('cases-with-work', 'rows.casesWithWork', 'cases.worked', kf.casesWithWork),
    { id: 'family-members', label: s('rows.familyMembers'), cells: [family] },
    { id: 'contacts', label: s('rows.contacts'), cells: [contacts] },
    { id: 'hours', label: s('rows.hours'), cells: [hours] },
    ...groupSessionRows(b, kf.groupSessions),
  ]
  if (kf.anonymousInquiries !== null) {
    keyRows.push({ id: 'anonymous-inquiries', label: s('rows.anonymousInquiries'), cells: [b.count('inquiries', kf.anonymousInquiries)] })
  }
  tables.push({ id: 'key-figures', title: s('tables.key-figures'), columns: [{ id: 'value', label: s('columns.value'), format: 'int' }], rows: keyRows, chartColumn: 0 })

  // --- gender × age (persons)
  const ga = new Map(aggregates.genderAge.map((entry) => [`${entry.gender}|${entry.band}`, entry.clients]))
  const genders = [...GENDERS, ...new Set(aggregates.genderAge.map((entry) => entry.gender).filter((g) => !(GENDERS as readonly string[]).includes(g)))]
  const bandTotals = AGE_BANDS.map((band) => b.count(`clients|age=${band}`, sumBy(genders, (g) => ga.get(`${g}|${band}`) ?? 0)))
  const genderRows: RowSpec[] = genders.map((gender) => {
    const parts = AGE_BANDS.map((band) => b.count(`clients|gender=${gender}|age=${band}`, ga.get(`${gender}|${band}`) ?? 0))
    const total = b.count(`clients|gender=${gender}`, sumBy(AGE_BANDS, (band) => ga.get(`${gender}|${band}`) ?? 0))
    b.sum(total, parts)
    return { id: gender, label: code('gender', gender), cells: [...parts, total] }
  })
  AGE_BANDS.forEach((band, index) => b.sum(bandTotals[index]!, genderRows.map((row) => row.cells[index]!)))
  b.sum(clients, genderRows.map((row) => row.cells[AGE_BANDS.length]!))
  b.sum(clients, bandTotals)
  tables.push({
    id: 'gender-age',
    title: s('tables.gender-age'),
    columns: [...AGE_BANDS.map((band) => ({ id: band, label: s(`ageBands.${band}`), format: 'int' as const })), { id: 'total', label: s('columns.total'), format: 'int' }],
    rows: [...genderRows, { id: 'total', label: s('columns.total'), cells: [...bandTotals, clients], total: true }],
    chartColumn: AGE_BANDS.length,
  })

  // --- one-column person tables
  const personTable = (id: string, entries: Array<{ id: string; label: LabelRef; value: number }>, keyName: string) => {
    const rows: RowSpec[] = entries.map((entry) => ({ id: entry.id, label: entry.label, cells: [b.count(`clients|${keyName}=${entry.id}`, entry.value)] }))
    b.sum(clients, rows.map((row) => row.cells[0]!))
    rows.push({ id: 'total', label: s('columns.total'), cells: [clients], total: true })
    tables.push({ id, title: s(`tables.${id}`), columns: [{ id: 'clients', label: s('columns.clients'), format: 'int' }], rows, chartColumn: 0 })
  }

  const nationalityCounts = new Map(aggregates.nationality.map((entry) => [entry.code, entry.clients]))
  const topCodes = options.nationalities ?? topNationalities(aggregates)
  const otherCount = kf.clients - sumBy(topCodes, (c) => nationalityCounts.get(c) ?? 0)
  personTable(
    'nationality',
    [
      ...topCodes.map((c) => ({ id: c, label: { country: c } as LabelRef, value: nationalityCounts.get(c) ?? 0 })),
      { id: 'other', label: s('rows.otherNationalities'), value: otherCount },
    ],
    'nationality',
  )

  const residence = new Map(aggregates.residenceGroup.map((entry) => [entry.group, entry.clients]))
  personTable(
    'residence-status',
    RESIDENCE_ROWS.map((group) => ({ id: group, label: s(`residenceGroups.${group}`), value: residence.get(group) ?? 0 })),
    'residence',
  )

  const stay = new Map(aggregates.durationOfStay.map((entry) => [entry.band, entry.clients]))
  personTable(
    'duration-of-stay',
    STAY_BANDS.map((band) => ({ id: band, label: s(`stayBands.${band}`), value: stay.get(band) ?? 0 })),
    'stay',
  )

  const districts = new Map(aggregates.district.map((entry) => [entry.code, entry.clients]))
  const districtEntries = withUnknown(aggregates.catalogues.district, aggregates.district.map((entry) => entry.code))
  personTable(
    'district',
    districtEntries.map((entry) => ({ id: entry.code, label: entry.code === 'UNKNOWN' ? s('rows.notRecorded') : labelled(entry), value: districts.get(entry.code) ?? 0 })),
    'district',
  )

  // --- contacts by mode and setting
  const contactCell = new Map(aggregates.contacts.map((entry) => [`${entry.mode}|${entry.setting}`, entry]))
  const modes = [...CONTACT_MODES, ...new Set(aggregates.contacts.map((entry) => entry.mode).filter((m) => !(CONTACT_MODES as readonly string[]).includes(m)))]
  const settingTotals = CONTACT_SETTINGS.map((setting) => b.count(`contacts|setting=${setting}`, sumBy(aggregates.contacts.filter((e) => e.setting === setting), (e) => e.contacts)))
  const modeRows: RowSpec[] = modes.map((mode) => {
    const parts = CONTACT_SETTINGS.map((setting) => b.count(`contacts|mode=${mode}|setting=${setting}`, contactCell.get(`${mode}|${setting}`)?.contacts ?? 0))
    const entries = aggregates.contacts.filter((e) => e.mode === mode)
    const total = b.count(`contacts|mode=${mode}`, sumBy(entries, (e) => e.contacts))
    b.sum(total, parts)
    const modeHours = b.measure(`hours|mode=${mode}`, sumBy(entries, (e) => e.minutes) / 60, total)
    return { id: mode, label: code('contactMode', mode), cells: [...parts, total, modeHours], compare: stripPrefix(total, options.prefix) }
  })
  CONTACT_SETTINGS.forEach((_, index) => b.sum(settingTotals[index]!, modeRows.map((row) => row.cells[index]!)))
  b.sum(contacts, settingTotals)
  b.sum(contacts, modeRows.map((row) => row.cells[CONTACT_SETTINGS.length]!))
  b.sum(hours, modeRows.map((row) => row.cells[CONTACT_SETTINGS.length + 1]!))
  tables.push({
    id: 'contact-mode',
    title: s('tables.contact-mode'),
    columns: [
      ...CONTACT_SETTINGS.map((setting) => ({ id: setting.toLowerCase(), label: code('contactSetting', setting), format: 'int' as const })),
      { id: 'contacts', label: s('columns.contacts'), format: 'int' },
      { id: 'hours', label: s('columns.hours'), format: 'hours' },
    ],
    rows: [...modeRows, { id: 'total', label: s('columns.total'), cells: [...settingTotals, contacts, hours], total: true, compare: stripPrefix(contacts, options.prefix) }],
    chartColumn: CONTACT_SETTINGS.length,
  })

  // --- topics (multiple responses: only mentions add up)
  const topics = new Map(aggregates.topics.map((entry) => [entry.code, entry]))
  // the base of the shares: the cases worked on in the scope (R17), in older frozen years the cases
  const shareBase = kf.casesWithWork ?? kf.cases
  const topicRows: RowSpec[] = withUnknown(aggregates.catalogues.topic, aggregates.topics.map((entry) => entry.code), false).map((entry) => {
    const mentions = b.count(`mentions|topic=${entry.code}`, topics.get(entry.code)?.mentions ?? 0)
    const caseCount = topics.get(entry.code)?.cases ?? 0
    const topicCases = b.count(`cases|topic=${entry.code}`, caseCount)
    const share = b.measure(`share|topic=${entry.code}`, shareBase ? (caseCount / shareBase) * 100 : null, topicCases)
    return { id: entry.code, label: labelled(entry), cells: [mentions, topicCases, share], compare: stripPrefix(mentions, options.prefix) }
  })
  const mentionsTotal = b.count('mentions', sumBy(aggregates.topics, (e) => e.mentions))
  b.sum(mentionsTotal, topicRows.map((row) => row.cells[0]!))
  const anyTopic = b.count('cases|topic=any', aggregates.topicCasesAny)
  tables.push({
    id: 'topics',
    title: s('tables.topics'),
    columns: [
      { id: 'mentions', label: s('columns.mentions'), format: 'int' },
      { id: 'cases', label: s('columns.cases'), format: 'int' },
      { id: 'share-of-cases', label: s('columns.shareOfCases'), format: 'percent' },
    ],
    rows: [...topicRows, { id: 'total', label: s('columns.total'), cells: [mentionsTotal, anyTopic, null], total: true, compare: stripPrefix(mentionsTotal, options.prefix) }],
    chartColumn: 1,
  })

  // --- closure reasons (total = closed cases)
  const reasons = new Map(aggregates.closureReasons.map((entry) => [entry.code, entry.cases]))
  const reasonRows: RowSpec[] = withUnknown(aggregates.catalogues.closureReason, aggregates.closureReasons.map((entry) => entry.code)).map((entry) => ({
    id: entry.code,
    label: entry.code === 'UNKNOWN' ? s('rows.notRecorded') : labelled(entry),
    cells: [b.count(`cases.closed|reason=${entry.code}`, reasons.get(entry.code) ?? 0)],
  }))
  b.sum(closed, reasonRows.map((row) => row.cells[0]!))
  tables.push({
    id: 'closure-reasons',
    title: s('tables.closure-reasons'),
    columns: [{ id: 'cases', label: s('columns.cases'), format: 'int' }],
    rows: [...reasonRows, { id: 'total', label: s('columns.total'), cells: [closed], total: true }],
    chartColumn: 0,
  })

  // --- referrals by kind × outcome, with median waiting times
  const referralCount = new Map(aggregates.referrals.map((entry) => [`${entry.kind}|${entry.outcome}`, entry.referrals]))
  const waits = new Map(aggregates.referralWaits.map((entry) => [entry.kind ?? '*', entry]))
  const noWait = { median: null, n: 0 }
  const kinds = [...REFERRAL_KINDS, ...new Set(aggregates.referrals.map((e) => e.kind).filter((k) => !(REFERRAL_KINDS as readonly string[]).includes(k)))]
  const outcomeTotals = REFERRAL_OUTCOMES.map((outcome) => b.count(`referrals|outcome=${outcome}`, sumBy(aggregates.referrals.filter((e) => e.outcome === outcome), (e) => e.referrals)))
  const referralsTotal = b.count('referrals', sumBy(aggregates.referrals, (e) => e.referrals))
  const kindRows: RowSpec[] = kinds.map((kind) => {
    const parts = REFERRAL_OUTCOMES.map((outcome) => b.count(`referrals|kind=${kind}|outcome=${outcome}`, referralCount.get(`${kind}|${outcome}`) ?? 0))
    const total = b.count(`referrals|kind=${kind}`, sumBy(aggregates.referrals.filter((e) => e.kind === kind), (e) => e.referrals))
    b.sum(total, parts)
    const wait = waits.get(kind)
    return {
      id: kind,
      label: code('referralKind', kind),
      cells: [...parts, total, b.median(`wait.clearing|kind=${kind}`, wait?.toClearing ?? noWait, total), b.median(`wait.admission|kind=${kind}`, wait?.toAdmission ?? noWait, total)],
      compare: stripPrefix(total, options.prefix),
    }
  })
  REFERRAL_OUTCOMES.forEach((_, index) => b.sum(outcomeTotals[index]!, kindRows.map((row) => row.cells[index]!)))
  b.sum(referralsTotal, outcomeTotals)
  b.sum(referralsTotal, kindRows.map((row) => row.cells[REFERRAL_OUTCOMES.length]!))
  const allWaits = waits.get('*')
  tables.push({
    id: 'referrals',
    title: s('tables.referrals'),
    columns: [
      ...REFERRAL_OUTCOMES.map((outcome) => ({ id: outcome.toLowerCase().replace('_', '-'), label: s(`outcomes.${outcome}`), format: 'int' as const })),
      { id: 'total', label: s('columns.total'), format: 'int' },
      { id: 'median-days-to-clearing', label: s('columns.medianDaysToClearing'), format: 'days' },
      { id: 'median-days-to-admission', label: s('columns.medianDaysToAdmission'), format: 'days' },
    ],
    rows: [
      ...kindRows,
      {
        id: 'total',
        label: s('columns.total'),
        cells: [...outcomeTotals, referralsTotal, b.median('wait.clearing', allWaits?.toClearing ?? noWait, referralsTotal), b.median('wait.admission', allWaits?.toAdmission ?? noWait, referralsTotal)],
        total: true,
        compare: stripPrefix(referralsTotal, options.prefix),
      },
    ],
    chartColumn: REFERRAL_OUTCOMES.length,
  })

  // --- language mediation: four sections, each adding up to the total
  const mediationTotal = b.count('mediations', sumBy(aggregates.mediation.filter((e) => e.section === 'mode'), (e) => e.assignments))
  const mediationHours = b.measure('mediation-hours', sumBy(aggregates.mediation.filter((e) => e.section === 'mode'), (e) => e.minutes) / 60, mediationTotal)
  const mediationCost = b.measure('mediation-cost', sumBy(aggregates.mediation.filter((e) => e.section === 'mode'), (e) => e.costCents) / 100, mediationTotal)
  const languages = options.languages ?? mediationLanguages(aggregates)
  const ownLanguages = new Set(languages)
  const otherLanguages = aggregates.mediation.filter((e) => e.section === 'language' && !ownLanguages.has(e.code))
  const withOtherLanguages = options.otherLanguages || otherLanguages.length > 0
  const sectionCodes: Record<string, readonly string[]> = {
    language: withOtherLanguages ? [...languages, OTHER_LANGUAGES] : languages,
    mode: MEDIATION_MODES,
    provider: PROVIDER_KINDS,
    bearer: [...COST_BEARERS, 'UNKNOWN'],
  }
  const mediationRows: RowSpec[] = []
  for (const section of ['language', 'mode', 'provider', 'bearer'] as const) {
    const entries = aggregates.mediation.filter((e) => e.section === section)
    const sectionCodesAll = section === 'language' ? sectionCodes.language! : [...sectionCodes[section]!, ...entries.map((e) => e.code).filter((c) => !sectionCodes[section]!.includes(c))]
    const rows = sectionCodesAll.map((rowCode): RowSpec => {
      const entry =
        section === 'language' && rowCode === OTHER_LANGUAGES && withOtherLanguages
          ? {
              assignments: sumBy(otherLanguages, (e) => e.assignments),
              minutes: sumBy(otherLanguages, (e) => e.minutes),
              costCents: sumBy(otherLanguages, (e) => e.costCents),
            }
          : entries.find((e) => e.code === rowCode)
      const count = b.count(`mediations|${section}=${rowCode}`, entry?.assignments ?? 0)
      return {
        id: `${section}:${rowCode}`,
        label: mediationLabel(section, rowCode),
        cells: [count, b.measure(`mediation-hours|${section}=${rowCode}`, (entry?.minutes ?? 0) / 60, count), b.measure(`mediation-cost|${section}=${rowCode}`, (entry?.costCents ?? 0) / 100, count)],
        compare: stripPrefix(count, options.prefix),
      }
    })
    b.sum(mediationTotal, rows.map((row) => row.cells[0]!))
    b.sum(mediationHours, rows.map((row) => row.cells[1]!))
    b.sum(mediationCost, rows.map((row) => row.cells[2]!))
    mediationRows.push(...rows)
  }
  tables.push({
    id: 'language-mediation',
    title: s('tables.language-mediation'),
    columns: [
      { id: 'assignments', label: s('columns.assignments'), format: 'int' },
      { id: 'hours', label: s('columns.hours'), format: 'hours' },
      { id: 'cost-eur', label: s('columns.costEur'), format: 'euro' },
    ],
    rows: [...mediationRows, { id: 'total', label: s('columns.total'), cells: [mediationTotal, mediationHours, mediationCost], total: true, compare: stripPrefix(mediationTotal, options.prefix) }],
    chartColumn: 0,
  })

  // --- further figures
  const f = aggregates.further
  const interpreted = b.count('contacts.interpreted', f.contactsInterpreted)
  const cmCases = b.count('cases.cm', f.cmCases)
  tables.push({
    id: 'further-figures',
    title: s('tables.further-figures'),
    columns: [{ id: 'value', label: s('columns.value'), format: 'int' }],
    rows: [
      { id: 'contacts-with-interpreting', label: s('rows.contactsWithInterpreting'), cells: [interpreted] },
      { id: 'interpreting-share', label: s('rows.interpretingShare'), cells: [b.measure('share.interpreted', kf.contacts ? (f.contactsInterpreted / kf.contacts) * 100 : null, interpreted)] },
      { id: 'median-days-to-first-contact', label: s('rows.medianDaysToFirstContact'), cells: [b.median('days-to-first-contact', f.daysToFirstContact)] },
      { id: 'cases-began-in-eae', label: s('rows.casesBeganInEae'), cells: [b.count('cases.new.eae', f.newCasesEae)] },
      { id: 'cm-cases', label: s('rows.cmCases'), cells: [cmCases] },
      { id: 'cm-cases-with-plan', label: s('rows.cmCasesWithPlan'), cells: [b.count('cases.cm.plan', f.cmCasesWithPlan)] },
      { id: 'plans-closed', label: s('rows.plansClosed'), cells: [b.count('plans.closed', f.plansClosed)] },
    ],
    chartColumn: 0,
  })

  for (const table of tables) {
    for (const row of table.rows) {
      if (row.compare === undefined && table.columns.length === 1) row.compare = stripPrefix(row.cells[0] ?? null, options.prefix)
      if (row.compare === undefined && row.total) row.compare = stripPrefix(row.cells[row.cells.length - 1] ?? null, options.prefix)
      if (row.compare === undefined && table.id === 'gender-age') row.compare = stripPrefix(row.cells[AGE_BANDS.length] ?? null, options.prefix)
    }
  }
  return { cells: b.cells, constraints: b.constraints, tables }
}

/** Value formats of the rows of tables whose single column mixes units. */
export function rowFormat(table: TableSpec, row: RowSpec, columnIndex: number): ValueFormat {
  if (table.id === 'key-figures' && row.id === 'hours') return 'hours'
  if (table.id === 'further-figures') {
    if (row.id === 'interpreting-share') return 'percent'
    if (row.id === 'median-days-to-first-contact') return 'days'
  }
  return table.columns[columnIndex]?.format ?? 'int'
}

function stripPrefix(key: string | null, prefix = '') {
  if (!key) return null
  return prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key
}

function mediationLabel(section: string, value: string): LabelRef {
  if (value === 'UNKNOWN') return s('rows.notRecorded')
  if (section === 'language') return value === OTHER_LANGUAGES ? s('rows.otherLanguages') : { language: value }
  if (section === 'mode') return code('mediationMode', value)
  if (section === 'provider') return code('providerKind', value)
  return code('costBearer', value)
}

/** Catalogue rows plus codes found in the data that the catalogue no longer has, plus "not recorded". */
function withUnknown(catalogue: Labelled[], dataCodes: string[], addUnknown = true): Labelled[] {
  const known = new Set(catalogue.map((entry) => entry.code))
  const extra = [...new Set(dataCodes)].filter((c) => c !== 'UNKNOWN' && !known.has(c)).map((c) => ({ code: c, de: c, en: c }))
  return [...catalogue, ...extra, ...(addUnknown ? [{ code: 'UNKNOWN', de: '', en: '' }] : [])]
}
