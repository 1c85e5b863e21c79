// The deterministic demo/benchmark data generator behind `npm run seed:generate` (PRODUCT.md §8).
// Writes with better-sqlite3 directly: going through Prisma would take an hour for a million
// contacts. Same seed, same reference day and same starting database → the same rows.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { generatePseudonymCode } from '#app/domain/pseudonym-code.ts'
import {
  ACCESS_ROUTES,
  AGE_BANDS,
  CLOSURE_REASONS,
  CONFIDENTIAL_NOTES,
  CONTACT_MODES,
  COST_BEARERS,
  DATA_CATEGORIES_BY_KIND,
  DURATIONS,
  FIRST_NAMES,
  GOAL_TEXTS,
  HANDOVER_NOTES,
  HOURLY_RATE_CENTS,
  LAST_NAMES,
  LONG_WAIT_KINDS,
  NATIONALITIES,
  NEXT_STEPS,
  PROGRAMMES_BY_AGE,
  PROVIDER_KINDS,
  REFERRAL_KIND_BY_THEME,
  REFERRAL_REASONS,
  REFERRAL_STEP_DAYS,
  REFERRAL_STEPS,
  RESIDENCE_PATHS,
  STAFF_LANGUAGES,
  START_PLACES,
  SYNTHETIC_PARTNERS,
  THEMES_BY_PROGRAMME,
  VOLUNTEER_ALLOWANCE_CENTS,
  type NationalityProfile,
} from './generator-profiles.ts'
import { Random, WeightedTable, type Weighted } from './random.ts'

const DAY = 86_400_000
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')

export type GenerateOptions = {
  /** SQLite file; created, migrated and seeded when missing or empty */
  database: string
  cases: number
  seed?: number
  /**
   * the reference "today" (end of the three-year window); default the end of yesterday (UTC), so that
   * a file generated at any time of one day holds the same rows and nothing in it lies in the future
   */
  today?: Date
  log?: (line: string) => void
  /** run db-migrate and the catalogue/team seed first (default true) */
  prepare?: boolean
  /**
   * From this many cases on (default 5,000) the load runs in bulk: the secondary indexes that do not
   * lead with the case and the triggers that keep CaseYear are suspended and restored afterwards,
   * with every case's years recounted once. The rows are the same either way (generate-data.test.ts).
   */
  bulkFrom?: number
}

export type GenerateSummary = {
  inserted: Record<string, number>
  totals: Record<string, number>
  seconds: number
  seed: number
  from: string
  today: string
}

// ---------------------------------------------------------------------------------------------
// formats

/** Prisma's SQLite text form of a DateTime. */
export function isoDate(ms: number) {
  return new Date(ms).toISOString().slice(0, 23) + '+00:00'
}

/** A valid pseudonym code (app/domain/pseudonym-code.ts) from the seeded source instead of crypto. */
function pseudonymCode(random: Random) {
  return generatePseudonymCode((bytes) => {
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = Math.floor(random.next() * 256)
    return bytes
  })
}

/**
 * Ids shaped like Prisma's cuid (`c` + 24 lower-case base-36 characters), deterministic and
 * increasing within a table, so inserts append to the primary-key index instead of splitting pages.
 */
class IdFactory {
  private readonly counters = new Map<string, number>()
  constructor(private readonly run: string) {}
  next(table: string) {
    const count = (this.counters.get(table) ?? 0) + 1
    this.counters.set(table, count)
    return `c${this.run}${table}${count.toString(36).padStart(14, '0')}`
  }
}

function hash32(text: string) {
  let h = 2166136261
  for (let index = 0; index < text.length; index += 1) h = Math.imul(h ^ text.charCodeAt(index), 16777619)
  return h >>> 0
}

// ---------------------------------------------------------------------------------------------
// preparation

function sqliteUrl(file: string) {
  return `file:${path.resolve(file)}`
}

/** Migrates the file (creating it) and seeds catalogues and teams, never demo users. */
export function prepareDatabase(file: string, log: (line: string) => void = () => {}) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const env = { ...process.env, DATABASE_URL: sqliteUrl(file), APP_MODE: 'production' }
  const migrate = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts', 'db-migrate.js'), sqliteUrl(file)],
    { env, encoding: 'utf8', cwd: ROOT },
  )
  if (migrate.status !== 0) throw new Error(`Migrating ${file} failed:\n${migrate.stderr}${migrate.stdout}`)
  log(migrate.stdout.trim())
  const seed = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'prisma', 'seed.ts')], {
    env,
    encoding: 'utf8',
    cwd: ROOT,
  })
  if (seed.status !== 0) throw new Error(`Seeding ${file} failed:\n${seed.stderr}${seed.stdout}`)
  log(seed.stdout.trim())
}

// ---------------------------------------------------------------------------------------------
// the generator

type Team = { id: string; name: string; kind: string; districtId: number | null; defaultShared: boolean }
type Staff = { id: string; role: string; teamId: string }
type Partner = { id: string; kind: string }

const TABLE_COLUMNS = {
  User: [
    'id',
    'email',
    'displayName',
    'role',
    'teamId',
    'active',
    'languages',
    'failedLoginCount',
    'mustChangePassword',
    'createdAt',
    'updatedAt',
  ],
  Password: ['userId', 'hash', 'updatedAt'],
  PartnerOrganisation: ['id', 'name', 'kind', 'districtId', 'languages', 'active', 'createdAt', 'updatedAt'],
  Client: [
    'id',
    'pseudonymCode',
    'birthYear',
    'gender',
    'countryOfOrigin',
    'nationality',
    'arrivalMonth',
    'districtId',
    'householdAdults',
    'householdChildren',
    'createdAt',
    'updatedAt',
  ],
  ClientLanguage: ['clientId', 'languageCode'],
  ResidenceStatusEntry: ['id', 'clientId', 'statusId', 'validFrom', 'expiresAt', 'createdById', 'createdAt'],
  Case: [
    'id',
    'clientId',
    'teamId',
    'counsellorId',
    'openedAt',
    'startPlace',
    'kind',
    'status',
    'closedAt',
    'closureReasonId',
    'programme',
    'accessRoute',
    'germanLevel',
    'familyMembersCounselled',
    'sharedForSubstitution',
    'legalBasisId',
    'privacyInfoGivenAt',
    'privacyInfoLanguage',
    'privacyInfoForm',
    'firstContactAt',
    'lastContactAt',
    'version',
    'createdAt',
    'updatedAt',
  ],
  ProgrammePeriod: ['id', 'caseId', 'programme', 'validFrom', 'createdAt'],
  CaseStatusChange: ['id', 'caseId', 'fromStatus', 'toStatus', 'closureReasonId', 'at', 'byUserId'],
  Assignment: ['id', 'caseId', 'fromUserId', 'toUserId', 'assignedById', 'note', 'at', 'readAt'],
  Transfer: [
    'id',
    'caseId',
    'fromTeamId',
    'toTeamId',
    'reason',
    'handoverNote',
    'status',
    'requestedById',
    'confirmedById',
    'at',
    'completedAt',
  ],
  Contact: [
    'id',
    'caseId',
    'authorId',
    'date',
    'durationMinutes',
    'mode',
    'setting',
    'personsPresent',
    'languageCode',
    'interpreting',
    'languageMediationId',
    'confidentialNote',
    'nextStep',
    'version',
    'createdAt',
    'updatedAt',
  ],
  ContactTopic: ['contactId', 'topicId'],
  FollowUp: ['id', 'caseId', 'contactId', 'assigneeId', 'source', 'dueDate', 'note', 'doneAt', 'createdAt'],
  AnonymousInquiry: [
    'id',
    'teamId',
    'userId',
    'date',
    'mode',
    'languageCode',
    'interpreting',
    'durationMinutes',
    'createdAt',
  ],
  InquiryTopic: ['inquiryId', 'topicId'],
  CasePlan: ['id', 'caseId', 'agreedAt', 'closedAt', 'createdAt', 'updatedAt'],
  PlanGoal: ['id', 'planId', 'topicId', 'text', 'dueDate', 'status', 'createdAt', 'updatedAt'],
  PlanGoalChange: ['id', 'goalId', 'fromStatus', 'toStatus', 'at', 'byUserId'],
  Consent: [
    'id',
    'caseId',
    'recipientPartnerId',
    'recipientKind',
    'purpose',
    'dataCategories',
    'form',
    'languageCode',
    'givenAt',
    'validUntil',
    'withdrawnAt',
    'paperOnFile',
    'createdById',
    'createdAt',
    'updatedAt',
  ],
  Referral: [
    'id',
    'caseId',
    'partnerId',
    'kind',
    'urgency',
    'reason',
    'interpreterNeeded',
    'interpreterLanguage',
    'dataCategories',
    'anonymous',
    'consentId',
    'status',
    'sentAt',
    'clearingAt',
    'admittedAt',
    'closedAt',
    'feedbackReceived',
    'consentFlaggedAt',
    'version',
    'createdById',
    'createdAt',
    'updatedAt',
  ],
  ReferralTransition: ['id', 'referralId', 'fromStatus', 'toStatus', 'at', 'byUserId', 'createdAt'],
  LanguageMediation: [
    'id',
    'caseId',
    'languageCode',
    'dialect',
    'mode',
    'providerId',
    'providerKind',
    'interpreterRef',
    'requestedAt',
    'performedAt',
    'billedMinutes',
    'travelMinutes',
    'costCents',
    'costBearer',
    'status',
    'version',
    'createdById',
    'createdAt',
    'updatedAt',
  ],
  MediationTransition: ['id', 'mediationId', 'fromStatus', 'toStatus', 'at', 'byUserId'],
  GroupSession: [
    'id',
    'teamId',
    'programme',
    'date',
    'startTime',
    'durationMinutes',
    'mode',
    'description',
    'anonymousParticipants',
    'createdById',
    'createdAt',
    'version',
  ],
  GroupSessionParticipant: ['id', 'groupSessionId', 'caseId'],
  GroupSessionTopic: ['groupSessionId', 'topicId'],
} as const

type TableName = keyof typeof TABLE_COLUMNS
type Row = (string | number | null)[]

/** Tables in the order a summary lists them. */
export const GENERATED_TABLES = Object.keys(TABLE_COLUMNS) as TableName[]

function table<T>(entries: Weighted<T>) {
  return new WeightedTable(entries)
}

const nationalityTable = table(
  Object.entries(NATIONALITIES).map(([code, profile]) => [code, profile.weight] as const),
)
const firstLanguageTables = new Map(
  Object.entries(NATIONALITIES).map(([code, profile]) => [code, table(profile.languages)]),
)
const residencePathTables = new Map(
  Object.entries(RESIDENCE_PATHS).map(([key, paths]) => [key, table(paths as Weighted<string[]>)]),
)
const ageTable = table(AGE_BANDS)
const programmeTables = Object.fromEntries(
  Object.entries(PROGRAMMES_BY_AGE).map(([key, value]) => [key, table(value)]),
) as Record<keyof typeof PROGRAMMES_BY_AGE, WeightedTable<string>>
const closureTables = { eae: table(CLOSURE_REASONS.eae), regional: table(CLOSURE_REASONS.regional) }
const accessTables = { eae: table(ACCESS_ROUTES.eae), regional: table(ACCESS_ROUTES.regional) }
const startPlaceTables = { eae: table(START_PLACES.eae), regional: table(START_PLACES.regional) }
const modeTables = { eae: table(CONTACT_MODES.eae), regional: table(CONTACT_MODES.regional) }
const themeTables = Object.fromEntries(
  Object.entries(THEMES_BY_PROGRAMME).map(([key, value]) => [key, table(value)]),
) as Record<string, WeightedTable<string>>
const referralKindTables = new Map(
  Object.entries(REFERRAL_KIND_BY_THEME).map(([key, value]) => [key, table(value)]),
)
const referralStepTables = new Map(Object.entries(REFERRAL_STEPS).map(([key, value]) => [key, table(value)]))
const costBearerTable = table(COST_BEARERS)
const providerKindTable = table(PROVIDER_KINDS)
const genderRest = table([
  ['DIVERSE', 0.3],
  ['NOT_STATED', 1.2],
] as const)
const germanLevelByYears = [
  table([
    ['NONE', 60],
    ['A1', 25],
    ['A2', 8],
    ['UNKNOWN', 7],
  ] as const),
  table([
    ['NONE', 15],
    ['A1', 30],
    ['A2', 30],
    ['B1', 15],
    ['UNKNOWN', 10],
  ] as const),
  table([
    ['A1', 10],
    ['A2', 25],
    ['B1', 35],
    ['B2', 15],
    ['C1', 5],
    ['UNKNOWN', 10],
  ] as const),
  table([
    ['A2', 15],
    ['B1', 35],
    ['B2', 25],
    ['C1', 12],
    ['C2', 3],
    ['UNKNOWN', 10],
  ] as const),
]
const interpretingNeeded = table([
  ['NONE', 35],
  ['PROFESSIONAL', 15],
  ['POOL', 25],
  ['VOLUNTEER', 10],
  ['RELATIVE', 15],
] as const)
const interpretingUsual = table([
  ['NONE', 95],
  ['RELATIVE', 3],
  ['VOLUNTEER', 2],
] as const)
const inquiryModes = table([
  ['PHONE', 40],
  ['OFFICE', 35],
  ['OUTREACH', 20],
  ['EMAIL', 5],
] as const)
const goalClosedStatus = table([
  ['ACHIEVED', 40],
  ['PARTLY_ACHIEVED', 25],
  ['NOT_ACHIEVED', 15],
  ['DROPPED', 20],
] as const)
const goalDueStatus = table([
  ['ACHIEVED', 35],
  ['PARTLY_ACHIEVED', 15],
  ['OPEN', 40],
  ['DROPPED', 10],
] as const)
const mediationModes = table([
  ['ON_SITE', 60],
  ['PHONE', 25],
  ['VIDEO', 15],
] as const)
const sideExitMediation = table([
  ['CANCELLED_IN_TIME', 50],
  ['CANCELLED_LATE', 25],
  ['NO_SHOW', 25],
] as const)

/** Moves a timestamp off the weekend (Saturday → Monday, Sunday → Monday). */
function weekday(ms: number) {
  const day = new Date(ms).getUTCDay()
  if (day === 6) return ms + 2 * DAY
  if (day === 0) return ms + DAY
  return ms
}

function startOfDay(ms: number) {
  return ms - (((ms % DAY) + DAY) % DAY)
}

/** A time during office hours (07:00–15:59 UTC ≈ 08:00–17:00 in Germany) on the day of `ms`. */
function officeTime(random: Random, ms: number) {
  return startOfDay(ms) + (7 * 60 + random.int(0, 9 * 60 - 1)) * 60_000 + random.int(0, 59_999)
}

function noon(ms: number) {
  return startOfDay(ms) + 12 * 3_600_000
}

function roundTo5(minutes: number) {
  return Math.max(5, Math.round(minutes / 5) * 5)
}

// ---------------------------------------------------------------------------------------------
// the generation context: what every step shares

/** Opens the database; the time window, the random stream, the ids and the inserts every step uses. */
function openGeneration(options: GenerateOptions) {
  const log = options.log ?? (() => {})
  const seed = (options.seed ?? 1) >>> 0
  const started = performance.now()
  const todayDate = options.today ?? new Date(startOfDay(Date.now()) - 1)
  const today = todayDate.getTime()
  const todayStart = startOfDay(today)
  const windowStart = Date.UTC(todayDate.getUTCFullYear() - 2, 0, 1)
  const span = todayStart - windowStart

  if (options.prepare !== false) prepareDatabase(options.database, log)
  const db = new Database(options.database)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  db.pragma('foreign_keys = OFF')
  db.pragma('cache_size = -262144')
  db.pragma('temp_store = MEMORY')

  const count = (name: string) =>
    Number((db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n)
  const existingCases = count('Case')
  const random = new Random(seed)
  // A run tag in every id: a second run into the same file (more cases) cannot collide with the first.
  const ids = new IdFactory(
    hash32(`${seed}:${existingCases}`).toString(36).padStart(7, '0').slice(0, 7) + 'g',
  )
  const inserted: Record<string, number> = Object.fromEntries(GENERATED_TABLES.map((name) => [name, 0]))
  const statements = Object.fromEntries(
    GENERATED_TABLES.map((name) => {
      const columns = TABLE_COLUMNS[name]
      return [
        name,
        db.prepare(
          `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ),
      ]
    }),
  ) as Record<TableName, Database.Statement>
  const insert = (name: TableName, row: Row) => {
    statements[name].run(row)
    inserted[name]! += 1
  }
  const nowIso = isoDate(today)
  return {
    ...{ options, log, seed, started, today, todayStart, windowStart, span, nowIso },
    ...{ db, count, random, ids, inserted, insert },
  }
}

type Generation = ReturnType<typeof openGeneration>

// ---------------------------------------------------------------------------------------------
// step: reference data — catalogues and teams as the database has them

function readReferenceData({ db }: Generation) {
  const catalogue = new Map<string, number>()
  for (const entry of db.prepare('SELECT id, catalogue, code FROM CatalogueEntry').all() as {
    id: number
    catalogue: string
    code: string
  }[]) {
    catalogue.set(`${entry.catalogue}:${entry.code}`, entry.id)
  }
  const catalogueId = (name: string, code: string) => {
    const id = catalogue.get(`${name}:${code}`)
    if (id === undefined)
      throw new Error(`Catalogue entry ${name}:${code} is missing — was the database seeded?`)
    return id
  }
  const topicIds = new Map(
    [...catalogue].filter(([key]) => key.startsWith('TOPIC:')).map(([key, id]) => [key.slice(6), id]),
  )
  const districtIds = ['SN', 'HRO', 'LRO', 'LUP', 'NWM', 'MSE', 'VG', 'VR'].map((code) =>
    catalogueId('PLACE', code),
  )

  const teams = (
    db
      .prepare(
        'SELECT id, name, kind, districtId, defaultSharedForSubstitution AS defaultShared FROM Team WHERE active = 1 ORDER BY name',
      )
      .all() as Team[]
  ).map((team) => ({ ...team, defaultShared: Boolean(team.defaultShared) }))
  if (teams.length === 0) throw new Error('The database has no teams — seed it first (npm run db:seed).')
  const eaeTeams = teams.filter((team) => team.kind === 'EAE')
  const regionalTeams = teams.filter((team) => team.kind !== 'EAE')
  const teamWeights: [Team, number][] = teams.map((team) => [
    team,
    team.kind === 'EAE'
      ? regionalTeams.length
        ? 0.4 / eaeTeams.length
        : 1
      : (eaeTeams.length ? 0.6 : 1) / regionalTeams.length,
  ])
  const teamTable = table(teamWeights)
  return {
    catalogue,
    catalogueId,
    topicIds,
    districtIds,
    teams,
    eaeTeams,
    regionalTeams,
    teamWeights,
    teamTable,
  }
}

type Reference = ReturnType<typeof readReferenceData>

// ---------------------------------------------------------------------------------------------
// step: staff — counsellors and a lead for every team that has none

function ensureStaff(generation: Generation, { teams, teamWeights }: Reference) {
  const { options, seed, nowIso, db, random, ids, insert } = generation
  const staff = db
    .prepare(
      "SELECT id, role, teamId FROM User WHERE active = 1 AND role IN ('COUNSELLOR', 'TEAM_LEAD') ORDER BY email",
    )
    .all() as Staff[]
  const counsellors = new Map<string, string[]>()
  const leads = new Map<string, string[]>()
  for (const team of teams) {
    counsellors.set(
      team.id,
      staff.filter((user) => user.teamId === team.id && user.role === 'COUNSELLOR').map((user) => user.id),
    )
    leads.set(
      team.id,
      staff.filter((user) => user.teamId === team.id && user.role === 'TEAM_LEAD').map((user) => user.id),
    )
  }

  const createStaff = db.transaction(() => {
    for (const [team, weight] of teamWeights) {
      const key = team.name
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
      const wanted = Math.max(2, Math.min(30, Math.ceil((options.cases * weight) / 1500)))
      const make = (role: 'COUNSELLOR' | 'TEAM_LEAD', index: number) => {
        const id = ids.next('us')
        const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`
        const local = role === 'TEAM_LEAD' ? `leitung.${key}` : `beratung${index}.${key}`
        insert('User', [
          id,
          `${local}.${seed}@synthetic.wegbegleiter.invalid`,
          name,
          role,
          team.id,
          1,
          random.pick(STAFF_LANGUAGES),
          0,
          0,
          nowIso,
          nowIso,
        ])
        // A syntactically valid bcrypt hash that no known password matches: these accounts cannot
        // sign in until an administrator sets a password.
        let hash = '$2b$12$'
        const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
        for (let index = 0; index < 53; index += 1) hash += alphabet[Math.floor(random.next() * 64)]
        insert('Password', [id, hash, nowIso])
        return id
      }
      if (counsellors.get(team.id)!.length === 0) {
        counsellors.set(
          team.id,
          Array.from({ length: wanted }, (_, index) => make('COUNSELLOR', index + 1)),
        )
      }
      if (leads.get(team.id)!.length === 0) leads.set(team.id, [make('TEAM_LEAD', 0)])
    }
  })
  createStaff()
  // Caseloads are uneven: a per-counsellor weight (some part-time, some new) picks the counsellor.
  const counsellorTables = new Map(
    teams.map((team) => [
      team.id,
      table(counsellors.get(team.id)!.map((id) => [id, 0.5 + random.next()] as const)),
    ]),
  )
  return { counsellors, leads, counsellorTables }
}

// ---------------------------------------------------------------------------------------------
// step: partner organisations — the synthetic ones if the database has none

function ensurePartners({ nowIso, db, ids, insert }: Generation, { catalogueId }: Reference) {
  let partners = db
    .prepare('SELECT id, kind FROM PartnerOrganisation WHERE active = 1 ORDER BY name')
    .all() as Partner[]
  if (partners.length === 0) {
    db.transaction(() => {
      for (const partner of SYNTHETIC_PARTNERS) {
        const id = ids.next('po')
        insert('PartnerOrganisation', [
          id,
          partner.name,
          partner.kind,
          catalogueId('PLACE', partner.district),
          partner.languages,
          1,
          nowIso,
          nowIso,
        ])
      }
    })()
    partners = db
      .prepare('SELECT id, kind FROM PartnerOrganisation WHERE active = 1 ORDER BY name')
      .all() as Partner[]
  }
  const partnersByKind = new Map<string, string[]>()
  for (const partner of partners)
    partnersByKind.set(partner.kind, [...(partnersByKind.get(partner.kind) ?? []), partner.id])
  const mediationPools = partnersByKind.get('LANGUAGE_MEDIATION_SERVICE') ?? []
  return { partnersByKind, mediationPools }
}

/** Codes already given and the catalogue entries a case refers to. */
function readCaseCatalogues({ db }: Generation, { catalogue }: Reference) {
  const usedCodes = new Set(db.prepare('SELECT pseudonymCode FROM Client').pluck().all() as string[])
  const closureIds = new Map(
    [...catalogue]
      .filter(([key]) => key.startsWith('CLOSURE_REASON:'))
      .map(([key, id]) => [key.slice(15), id]),
  )
  const legalContract = catalogue.get('LEGAL_BASIS:CONTRACT') ?? null
  const legalConsent = catalogue.get('LEGAL_BASIS:CONSENT') ?? null
  return { usedCodes, closureIds, legalContract, legalConsent }
}

type World = Reference &
  ReturnType<typeof ensureStaff> &
  ReturnType<typeof ensurePartners> &
  ReturnType<typeof readCaseCatalogues>

// ---------------------------------------------------------------------------------------------
// step: opening dates
// Sorted, so that case ids follow opening order as real cuids would; demand grows ~10 % a year.
function openingDates({ options, log, seed, today, windowStart, span, random }: Generation) {
  const openings = new Float64Array(options.cases)
  for (let index = 0; index < options.cases; index += 1) {
    const share = Math.pow(random.next(), 0.93)
    // No case opens after "today": a weekend day moves to the Monday after it, which is still to come
    // when the data is generated on a weekend (109 cases in the future at 02:22 on a Sunday, which
    // the bench's writers then could not add a contact of today to); such a day takes the Friday
    // before instead, and an office time later than "today" is cut back to it.
    const drawn = windowStart + Math.floor(share * span)
    const day = weekday(drawn) > today ? startOfDay(drawn) - (new Date(drawn).getUTCDay() === 6 ? 1 : 2) * DAY : weekday(drawn)
    openings[index] = Math.min(officeTime(random, day), today)
  }
  openings.sort()

  log(
    `Generating ${options.cases.toLocaleString('en')} cases from ${isoDate(windowStart).slice(0, 10)} to ${isoDate(today).slice(0, 10)} (seed ${seed})`,
  )
  return openings
}

// ---------------------------------------------------------------------------------------------
// step: one case — drawn first (client, case shape, contact days, status history, programme
// periods), then written (client rows, case rows, contacts, case plan, referrals). The steps run in
// this order because they share one random stream: the same seed gives the same rows only as long
// as the draws keep their order.

function generateCase(generation: Generation, world: World, openedAt: number) {
  const client = drawClient(generation, world, openedAt)
  const shape = drawCaseShape(generation, world, client, openedAt)
  const contacts = drawContactDays(generation, client, shape, openedAt)
  const history = drawStatusHistory(generation, world, client, shape, contacts, openedAt)
  const programmes = drawProgrammePeriods(generation, client, shape, contacts, openedAt)
  const lastUpdate = Math.max(
    openedAt,
    history.statusRows[history.statusRows.length - 1]![3],
    contacts.lastContact ?? 0,
  )
  const drawn = { ...client, ...shape, ...contacts, ...history, ...programmes, openedAt, lastUpdate }
  writeClientRows(generation, world, drawn)
  writeCaseRows(generation, world, drawn)
  writeContacts(generation, world, drawn)
  writeCasePlan(generation, world, drawn)
  writeReferrals(generation, world, drawn)
}

/** The client: origin, age, arrival, household, languages, pseudonym code. */
function drawClient({ random, ids }: Generation, world: World, openedAt: number) {
  const { catalogueId, districtIds, teamTable, usedCodes } = world
  const team = teamTable.draw(random.next)
  const eae = team.kind === 'EAE'
  const flavour: 'eae' | 'regional' = eae ? 'eae' : 'regional'
  const openYear = new Date(openedAt).getUTCFullYear()
  const nationality = nationalityTable.draw(random.next)
  const profile = NATIONALITIES[nationality] as NationalityProfile
  const [ageMin, ageMax] = ageTable.draw(random.next)
  const age = random.int(ageMin, ageMax)
  const birthYear = openYear - age - (random.chance(0.5) ? 1 : 0)
  const female = random.chance(age < 18 ? 0.47 : profile.female)
  const gender = random.chance(0.985) ? (female ? 'FEMALE' : 'MALE') : genderRest.draw(random.next)
  const arrival = eae
    ? openedAt - random.int(1, 75) * DAY
    : nationality === 'UA'
      ? Math.max(Date.UTC(2022, 2, 1), openedAt - random.int(14, 1400) * DAY)
      : openedAt - Math.floor(Math.pow(random.next(), 1.6) * 9 * 365 + 20) * DAY
  const arrivalDate = new Date(Math.max(Date.UTC(birthYear, 0, 1), arrival))
  const arrivalMonth = random.chance(0.96)
    ? `${arrivalDate.getUTCFullYear()}-${String(arrivalDate.getUTCMonth() + 1).padStart(2, '0')}`
    : null
  const yearsHere = (openedAt - arrival) / (365 * DAY)
  const germanLevel = germanLevelByYears[
    yearsHere < 0.5 ? 0 : yearsHere < 2 ? 1 : yearsHere < 5 ? 2 : 3
  ]!.draw(random.next)
  const districtId = eae
    ? random.chance(0.85)
      ? team.districtId
      : catalogueId('PLACE', 'EAE_SCHWERIN_STERN_BUCHHOLZ')
    : random.chance(0.7) && team.districtId
      ? team.districtId
      : random.pick(districtIds)
  const adults = age < 18 ? random.int(1, 2) : random.chance(0.45) ? 1 : 2
  const children =
    age < 18
      ? random.int(0, 4)
      : age > 55
        ? random.chance(0.85)
          ? 0
          : 1
        : random.geometric(female ? 1.4 : 1.0)

  let code = pseudonymCode(random)
  while (usedCodes.has(code)) code = pseudonymCode(random)
  usedCodes.add(code)

  const clientId = ids.next('cl')
  const openedIso = isoDate(openedAt)
  const origin = profile.origins ? random.pick(profile.origins) : nationality
  const firstLanguage = firstLanguageTables.get(nationality)!.draw(random.next)
  const languages = [firstLanguage]
  for (const [language, probability] of profile.extra ?? []) {
    if (!languages.includes(language) && random.chance(probability)) languages.push(language)
  }
  if (yearsHere > 3 && !languages.includes('deu') && random.chance(0.4)) languages.push('deu')

  return {
    ...{ team, eae, flavour, nationality, profile, age, birthYear, gender, arrival, arrivalMonth },
    ...{
      germanLevel,
      districtId,
      adults,
      children,
      code,
      clientId,
      openedIso,
      origin,
      firstLanguage,
      languages,
    },
  }
}
type DrawnClient = ReturnType<typeof drawClient>

/** Kind, programme, planned end, a transfer, the counsellor periods. */
function drawCaseShape(
  { today, todayStart, random, ids }: Generation,
  world: World,
  client: DrawnClient,
  openedAt: number,
) {
  const { regionalTeams, counsellors, counsellorTables, leads } = world
  const { team, eae, age, germanLevel } = client
  const kind = random.chance(eae ? 0.2 : 0.45) ? 'CASE_MANAGEMENT' : 'SHORT'
  const programme = programmeTables[
    age < 12 ? 'child' : age < 27 ? (eae ? 'eaeYouth' : 'youth') : eae ? 'eaeAdult' : 'adult'
  ].draw(random.next)
  const plannedDays = eae
    ? random.int(10, 120)
    : kind === 'SHORT'
      ? 1 + random.geometric(25)
      : Math.max(60, Math.round(random.normal(260, 110)))
  const plannedEnd = weekday(openedAt + plannedDays * DAY)
  let closedAt: number | null =
    plannedEnd < todayStart && random.chance(0.93) ? officeTime(random, plannedEnd) : null
  if (closedAt !== null && closedAt > today) closedAt = null
  const recent = today - openedAt < 14 * DAY
  const neverStarted = closedAt === null && recent && random.chance(0.5)

  // Transfer EAE → district office after distribution (a few EAE cases).
  let transferAt: number | null = null
  let transferTeam: Team | null = null
  if (eae && regionalTeams.length && random.chance(0.05) && !neverStarted) {
    const candidate = weekday(openedAt + random.int(14, 60) * DAY)
    if (candidate < (closedAt ?? today) - DAY) {
      transferAt = officeTime(random, candidate)
      transferTeam = random.pick(regionalTeams)
    }
  }
  const finalTeam = transferTeam ?? team

  // Counsellor(s): an open case may still wait in the team's queue.
  const unassigned = neverStarted ? random.chance(0.5) : random.chance(0.004)
  let counsellor: string | null = unassigned ? null : counsellorTables.get(team.id)!.draw(random.next)
  const lead = leads.get(team.id)![0] ?? null
  const periods: { from: number; counsellor: string | null }[] = [{ from: openedAt, counsellor }]
  if (counsellor && !transferAt && random.chance(0.06) && plannedDays > 30) {
    const at = officeTime(random, weekday(openedAt + random.int(10, plannedDays - 5) * DAY))
    const others = counsellors.get(team.id)!.filter((id) => id !== counsellor)
    if (at < (closedAt ?? today) && others.length) periods.push({ from: at, counsellor: random.pick(others) })
  }
  if (transferAt && transferTeam)
    periods.push({ from: transferAt, counsellor: counsellorTables.get(transferTeam.id)!.draw(random.next) })
  counsellor = periods[periods.length - 1]!.counsellor
  const counsellorAt = (ms: number) => {
    let counsellor = periods[0]!.counsellor
    for (const period of periods) if (period.from <= ms) counsellor = period.counsellor
    return counsellor
  }
  const authorAt = (ms: number) => counsellorAt(ms) ?? lead
  // Who holds a follow-up, as the app moves it (decision 203): created at `createdAt` for `first` (the case's
  // counsellor of that moment, else its author); each later assignment gives it to the new counsellor — after a
  // transfer, the receiving counsellor's assignment (the period's start; the transfer itself unassigns it minutes
  // before); one done before a change stays with whom it was.
  const followUpHolder = (createdAt: number, first: string | null, doneAt: number | null) => {
    let holder = first
    for (const period of periods)
      if (period.from > createdAt && (doneAt === null || period.from <= doneAt)) holder = period.counsellor
    return holder
  }

  const caseId = ids.next('ca')
  const themes = random.distinct(themeTables[programme]!, random.int(2, 4))
  const themeTable = table(themes.map((theme, index) => [theme, themes.length - index + 1] as const))
  const needsInterpreter = (germanLevel === 'NONE' || germanLevel === 'A1') && random.chance(0.35)

  return {
    ...{ kind, programme, plannedDays, closedAt, neverStarted, transferAt, transferTeam, finalTeam },
    ...{
      counsellor,
      lead,
      periods,
      authorAt,
      counsellorAt,
      followUpHolder,
      caseId,
      themes,
      themeTable,
      needsInterpreter,
    },
  }
}
type CaseShape = ReturnType<typeof drawCaseShape>

/** The days with a contact, from the opening to the closure or today. */
function drawContactDays(
  { today, random }: Generation,
  { eae }: DrawnClient,
  shape: CaseShape,
  openedAt: number,
) {
  const { closedAt, neverStarted, kind } = shape
  const windowEnd = closedAt ?? today
  let contactCount = 0
  if (!neverStarted) {
    if (kind === 'SHORT') contactCount = 1 + Math.min(9, random.geometric(eae ? 1.6 : 1.4))
    else
      contactCount = Math.max(
        3,
        Math.round(random.normal(((windowEnd - openedAt) / (30 * DAY)) * 2.7 + 5.5, 4)),
      )
  }
  const contactDays: number[] = []
  if (contactCount > 0) {
    const firstDay = startOfDay(weekday(openedAt + (random.chance(0.55) ? 0 : random.int(1, 14)) * DAY))
    const lastDay = startOfDay(windowEnd)
    const first = Math.min(firstDay, lastDay)
    contactDays.push(first)
    for (let index = 1; index < contactCount; index += 1) {
      contactDays.push(
        Math.min(lastDay, startOfDay(weekday(first + Math.floor(random.next() * (lastDay - first + DAY))))),
      )
    }
    contactDays.sort((a, b) => a - b)
  }
  const firstContact = contactDays[0] ?? null
  const lastContact = contactDays[contactDays.length - 1] ?? null

  return { windowEnd, contactDays, firstContact, lastContact }
}
type ContactDays = ReturnType<typeof drawContactDays>

/** Opened, activated by the first contact, maybe closed and reopened, paused, closed. */
function drawStatusHistory(
  { todayStart, random }: Generation,
  { closureIds }: World,
  { flavour }: DrawnClient,
  shape: CaseShape,
  { firstContact, lastContact }: ContactDays,
  openedAt: number,
) {
  const { lead, counsellor, authorAt, transferAt } = shape
  let { closedAt } = shape
  const statusRows: [string | null, string, number | null, number, string | null][] = [
    [null, 'OPEN', null, openedAt, lead ?? counsellor],
  ]
  let status = 'OPEN'
  let closureReasonId: number | null = null
  if (firstContact !== null) {
    statusRows.push([
      'OPEN',
      'ACTIVE',
      null,
      Math.max(openedAt, officeTime(random, firstContact)),
      authorAt(firstContact),
    ])
    status = 'ACTIVE'
  }
  if (
    closedAt !== null &&
    status === 'ACTIVE' &&
    random.chance(0.02) &&
    lastContact! - firstContact! > 20 * DAY
  ) {
    // Closed once and reopened later (the client came back).
    const firstClose = firstContact! + Math.floor((lastContact! - firstContact!) / 2)
    statusRows.push([
      'ACTIVE',
      'CLOSED',
      closureIds.get('CONTACT_BROKEN_OFF') ?? null,
      officeTime(random, firstClose),
      authorAt(firstClose),
    ])
    statusRows.push([
      'CLOSED',
      'ACTIVE',
      null,
      officeTime(random, firstClose + 5 * DAY),
      authorAt(firstClose + 5 * DAY),
    ])
  }
  if (closedAt === null && status === 'ACTIVE' && lastContact !== null && random.chance(0.08)) {
    const pausedAt = lastContact + random.int(7, 30) * DAY
    if (pausedAt < todayStart) {
      statusRows.push(['ACTIVE', 'PAUSED', null, officeTime(random, pausedAt), authorAt(pausedAt)])
      status = 'PAUSED'
    }
  }
  if (closedAt !== null) {
    const reasonCode = transferAt !== null ? 'PROGRAMME_CHANGE' : closureTables[flavour].draw(random.next)
    closureReasonId = closureIds.get(reasonCode) ?? null
    closedAt = Math.max(closedAt, statusRows[statusRows.length - 1]![3] + 60_000)
    statusRows.push([status, 'CLOSED', closureReasonId, closedAt, authorAt(closedAt)])
    status = 'CLOSED'
  }

  return { statusRows, status, closureReasonId, closedAt }
}

/** A JMD client who turns 27 moves to the MBE. */
function drawProgrammePeriods(
  { random }: Generation,
  { birthYear }: DrawnClient,
  { programme }: CaseShape,
  { windowEnd }: ContactDays,
  openedAt: number,
) {
  const programmeRows: [string, number][] = [[programme, openedAt]]
  let currentProgramme = programme
  if (programme === 'JMD') {
    const turns27 = Date.UTC(birthYear + 27, random.int(0, 11), random.int(1, 28), 10)
    if (turns27 > openedAt && turns27 < windowEnd && random.chance(0.8)) {
      programmeRows.push(['MBE', turns27])
      currentProgramme = 'MBE'
    }
  }

  return { programmeRows, currentProgramme }
}

type DrawnCase = DrawnClient &
  CaseShape &
  ContactDays &
  ReturnType<typeof drawStatusHistory> &
  ReturnType<typeof drawProgrammePeriods> & { openedAt: number; lastUpdate: number }

/** The client, their languages and residence status history (with the expiry follow-ups). */
function writeClientRows(
  { today, todayStart, random, ids, insert }: Generation,
  { catalogueId }: World,
  drawn: DrawnCase,
) {
  const { clientId, languages, profile, eae, arrival, openedAt, authorAt, status, counsellor, caseId } = drawn
  const { counsellorAt, followUpHolder } = drawn
  insert('Client', [
    clientId,
    drawn.code,
    drawn.birthYear,
    drawn.gender,
    drawn.origin,
    drawn.nationality,
    drawn.arrivalMonth,
    drawn.districtId,
    drawn.adults,
    drawn.children,
    drawn.openedIso,
    isoDate(drawn.lastUpdate),
  ])
  for (const language of languages) insert('ClientLanguage', [clientId, language])

  const residencePath = residencePathTables.get(profile.residence)!.draw(random.next)
  const entries = Math.min(residencePath.length, random.int(1, 3))
  const startIndex =
    residencePath.length - entries > 0 && !eae ? random.int(0, residencePath.length - entries) : 0
  let validFrom = Math.min(arrival + random.int(0, 20) * DAY, openedAt)
  for (let index = 0; index < entries; index += 1) {
    const statusCode = residencePath[startIndex + index]!
    if (index > 0) validFrom += random.int(eae ? 14 : 60, eae ? 60 : 540) * DAY
    if (validFrom > today) break
    const expires =
      statusCode === 'P24'
        ? Date.UTC(2027, 2, 4)
        : statusCode === 'GESTATTUNG' || statusCode === 'DULDUNG' || statusCode === 'FIKTION'
          ? validFrom + random.int(90, 180) * DAY
          : statusCode.startsWith('P25') ||
              statusCode === 'OTHER_HUMANITARIAN' ||
              statusCode === 'EMPLOYMENT' ||
              statusCode === 'EDUCATION'
            ? validFrom + random.int(1, 3) * 365 * DAY
            : null
    insert('ResidenceStatusEntry', [
      ids.next('rs'),
      clientId,
      catalogueId('RESIDENCE_STATUS', statusCode),
      isoDate(startOfDay(validFrom)),
      expires === null ? null : isoDate(startOfDay(expires)),
      authorAt(validFrom),
      isoDate(Math.max(openedAt, validFrom)),
    ])
    const currentEntry = index === entries - 1 || validFrom + DAY > today
    if (
      currentEntry &&
      expires !== null &&
      status !== 'CLOSED' &&
      counsellor &&
      expires - 42 * DAY < today + 90 * DAY &&
      expires > today - 30 * DAY
    ) {
      const due = startOfDay(expires - 42 * DAY)
      const done = due < todayStart - 7 * DAY && random.chance(0.8) ? officeTime(random, due) : null
      // Raised when the entry was recorded, for the case's counsellor then (nobody while it had none, as the app).
      const createdAt = Math.max(openedAt, validFrom)
      insert('FollowUp', [
        ids.next('fu'),
        caseId,
        null,
        followUpHolder(createdAt, counsellorAt(createdAt), done),
        'RESIDENCE_EXPIRY',
        isoDate(due),
        null,
        done === null ? null : isoDate(done),
        isoDate(createdAt),
      ])
    }
  }
}

/** The case, its status and programme history, assignments and the transfer. */
function writeCaseRows(
  { today, random, ids, insert }: Generation,
  { leads, legalContract, legalConsent }: World,
  drawn: DrawnCase,
) {
  const {
    caseId,
    clientId,
    finalTeam,
    counsellor,
    openedIso,
    flavour,
    kind,
    status,
    closedAt,
    closureReasonId,
  } = drawn
  const { currentProgramme, germanLevel, languages, firstLanguage, firstContact, lastContact, statusRows } =
    drawn
  const { programmeRows, lastUpdate, periods, transferTeam, transferAt, team, lead, openedAt } = drawn
  const privacyLanguage = languages.includes('deu') && random.chance(0.3) ? 'deu' : firstLanguage
  insert('Case', [
    caseId,
    clientId,
    finalTeam.id,
    counsellor,
    openedIso,
    startPlaceTables[flavour].draw(random.next),
    kind,
    status,
    closedAt === null ? null : isoDate(closedAt),
    closureReasonId,
    currentProgramme,
    accessTables[flavour].draw(random.next),
    germanLevel,
    random.chance(0.35) ? random.int(1, 4) : 0,
    (finalTeam.defaultShared ? random.chance(0.9) : random.chance(0.15)) ? 1 : 0,
    random.chance(0.85) ? legalContract : legalConsent,
    openedIso,
    privacyLanguage,
    random.chance(0.7) ? 'WRITTEN' : 'ORAL',
    firstContact === null ? null : isoDate(firstContact),
    lastContact === null ? null : isoDate(lastContact),
    statusRows.length + programmeRows.length - 1,
    openedIso,
    isoDate(lastUpdate),
  ])
  for (const [from, to, reason, at, by] of statusRows)
    insert('CaseStatusChange', [ids.next('sc'), caseId, from, to, reason, isoDate(at), by])
  for (const [name, from] of programmeRows)
    insert('ProgrammePeriod', [ids.next('pp'), caseId, name, isoDate(from), isoDate(from)])

  // assignments: the first, a reassignment, the hand-over after a transfer
  for (let index = 0; index < periods.length; index += 1) {
    const period = periods[index]!
    if (!period.counsellor) continue
    const previous = index > 0 ? periods[index - 1]!.counsellor : null
    const assignedBy =
      index === periods.length - 1 && transferTeam ? (leads.get(transferTeam.id)![0] ?? null) : lead
    const at = period.from + random.int(1, 120) * 60_000
    const readAt = at + random.int(10, 3 * 24 * 60) * 60_000
    insert('Assignment', [
      ids.next('as'),
      caseId,
      previous,
      period.counsellor,
      assignedBy,
      null,
      isoDate(at),
      readAt < today && !(today - at < 3 * DAY && random.chance(0.5)) ? isoDate(readAt) : null,
    ])
  }
  if (transferAt && transferTeam) {
    const requested = transferAt - random.int(1, 3) * DAY
    insert('Transfer', [
      ids.next('tr'),
      caseId,
      team.id,
      transferTeam.id,
      'DISTRIBUTION',
      random.pick(HANDOVER_NOTES),
      'DONE',
      periods[0]!.counsellor,
      leads.get(transferTeam.id)![0] ?? null,
      isoDate(Math.max(openedAt, requested)),
      isoDate(transferAt),
    ])
  }
}

/** Contacts with topics, language mediation and follow-ups; mediations that did not happen. */
function writeContacts(generation: Generation, world: World, drawn: DrawnCase) {
  const { todayStart, random, ids, insert } = generation
  const { topicIds } = world
  const { firstLanguage, contactDays, flavour, needsInterpreter, germanLevel, authorAt, openedAt, caseId } =
    drawn
  const { themeTable, closedAt, status, counsellor, lead, followUpHolder } = drawn
  const writeMediation = (input: MediationInput) => writeLanguageMediation(generation, world, input)
  for (const day of contactDays) {
    const contactId = ids.next('co')
    const mode = modeTables[flavour].draw(random.next)
    const [minMinutes, maxMinutes] = DURATIONS[mode]!
    const duration = roundTo5(random.int(minMinutes, maxMinutes))
    const group = random.chance(0.04)
    const interpreting = needsInterpreter
      ? interpretingNeeded.draw(random.next)
      : interpretingUsual.draw(random.next)
    const language =
      interpreting !== 'NONE'
        ? firstLanguage
        : random.chance(germanLevel === 'NONE' || germanLevel === 'A1' ? 0.55 : 0.15)
          ? firstLanguage
          : random.chance(0.85)
            ? 'deu'
            : 'eng'
    const author = authorAt(day + 12 * 3_600_000)
    const createdAt = officeTime(random, day)
    let mediationId: string | null = null
    if (
      (interpreting === 'PROFESSIONAL' || (interpreting === 'POOL' && random.chance(0.7))) &&
      day >= startOfDay(openedAt)
    ) {
      mediationId = ids.next('lm')
      writeMediation({
        id: mediationId,
        caseId,
        language,
        performedDay: day,
        duration,
        author,
        openedAt,
        outcome: 'DONE',
      })
    }
    const nextStep = random.chance(0.4) ? random.pick(NEXT_STEPS) : null
    insert('Contact', [
      contactId,
      caseId,
      author,
      isoDate(day),
      duration,
      mode,
      group ? 'GROUP' : 'INDIVIDUAL',
      group ? random.int(3, 12) : 1 + (random.chance(0.2) ? random.int(1, 3) : 0),
      language,
      interpreting,
      mediationId,
      random.chance(0.15) ? random.pick(CONFIDENTIAL_NOTES) : null,
      nextStep,
      1,
      isoDate(createdAt),
      isoDate(createdAt),
    ])
    const topicCount = random.chance(0.55) ? 1 : random.chance(0.7) ? 2 : 3
    const topics = new Set<number>()
    for (let index = 0; index < topicCount; index += 1) {
      const theme = random.chance(0.85) ? themeTable.draw(random.next) : random.pick([...topicIds.keys()])
      topics.add(topicIds.get(theme)!)
    }
    for (const topicId of topics) insert('ContactTopic', [contactId, topicId])
    if (nextStep && random.chance(0.6)) {
      const due = day + random.int(7, 28) * DAY
      if (closedAt === null || due <= closedAt) {
        const worked =
          due < todayStart && random.chance(0.92)
            ? officeTime(random, Math.min(due + random.int(0, 5) * DAY, todayStart))
            : null
        // Closing a case closes its open follow-ups at the closing instant (decision 030), as the
        // app does: no closed case keeps an open or later-done follow-up.
        const done = closedAt !== null && (worked === null || worked > closedAt) ? closedAt : worked
        insert('FollowUp', [
          ids.next('fu'),
          caseId,
          contactId,
          // for the case's counsellor, else the contact's author, then moved at each assignment (decision 203)
          followUpHolder(day + 12 * 3_600_000, author, done),
          'CONTACT',
          isoDate(startOfDay(weekday(due))),
          null,
          done === null ? null : isoDate(done),
          isoDate(createdAt),
        ])
      }
    }
  }

  // Mediations that did not happen (cancelled, no-show) or are still booked for open cases.
  if (needsInterpreter && contactDays.length && random.chance(0.25)) {
    const day = random.pick(contactDays)
    writeMediation({
      id: ids.next('lm'),
      caseId,
      language: firstLanguage,
      performedDay: day,
      duration: 60,
      author: authorAt(day),
      openedAt,
      outcome: sideExitMediation.draw(random.next),
    })
  }
  if (needsInterpreter && closedAt === null && status !== 'OPEN' && random.chance(0.3)) {
    const requested = todayStart - random.int(0, 10) * DAY
    if (requested >= startOfDay(openedAt))
      writeMediation({
        id: ids.next('lm'),
        caseId,
        language: firstLanguage,
        performedDay: requested + random.int(3, 20) * DAY,
        duration: 60,
        author: counsellor ?? lead,
        openedAt,
        outcome: 'OPEN',
        requestedDay: requested,
      })
  }
}

/** A case plan with goals for most case-management cases. */
function writeCasePlan(
  { today, todayStart, random, ids, insert }: Generation,
  { topicIds }: World,
  drawn: DrawnCase,
) {
  const { kind, contactDays, caseId, closedAt, lastUpdate, themes, authorAt } = drawn
  if (kind === 'CASE_MANAGEMENT' && contactDays.length >= 2 && random.chance(0.85)) {
    const planId = ids.next('pl')
    const agreed = contactDays[1]!
    insert('CasePlan', [
      planId,
      caseId,
      isoDate(agreed),
      closedAt === null ? null : isoDate(closedAt),
      isoDate(officeTime(random, agreed)),
      isoDate(closedAt ?? lastUpdate),
    ])
    const goalCount = random.int(1, 4)
    for (let index = 0; index < goalCount; index += 1) {
      const theme = themes[index % themes.length]!
      const due = startOfDay(agreed + random.int(60, 270) * DAY)
      const goalStatus =
        closedAt !== null
          ? goalClosedStatus.draw(random.next)
          : due < todayStart
            ? goalDueStatus.draw(random.next)
            : random.chance(0.85)
              ? 'OPEN'
              : 'ACHIEVED'
      const goalId = ids.next('pg')
      const createdAt = officeTime(random, agreed)
      const changedAt =
        goalStatus === 'OPEN'
          ? createdAt
          : Math.max(createdAt + DAY, Math.min(closedAt ?? today, due + random.int(-20, 20) * DAY, today))
      insert('PlanGoal', [
        goalId,
        planId,
        topicIds.get(theme)!,
        random.pick(GOAL_TEXTS[theme] ?? ['Ziel vereinbart']),
        isoDate(due),
        goalStatus,
        isoDate(createdAt),
        isoDate(changedAt),
      ])
      insert('PlanGoalChange', [
        ids.next('gc'),
        goalId,
        null,
        'OPEN',
        isoDate(createdAt),
        authorAt(createdAt),
      ])
      if (goalStatus !== 'OPEN')
        insert('PlanGoalChange', [
          ids.next('gc'),
          goalId,
          'OPEN',
          goalStatus,
          isoDate(changedAt),
          authorAt(changedAt),
        ])
    }
  }
}

/** Referrals along their steps, each with the consent it needs (or anonymous). */
function writeReferrals(
  { today, random, ids, insert }: Generation,
  { partnersByKind }: World,
  drawn: DrawnCase,
) {
  const { contactDays, themes, kind, themeTable, openedAt, authorAt, caseId, firstLanguage, germanLevel } =
    drawn
  if (contactDays.length) {
    const referralChance =
      0.22 + (themes.includes('PSYCHOSOCIAL') ? 0.3 : 0) + (kind === 'CASE_MANAGEMENT' ? 0.15 : 0)
    const referralCount = random.chance(referralChance) ? 1 + random.geometric(0.35) : 0
    for (let index = 0; index < referralCount; index += 1) {
      const theme = themeTable.draw(random.next)
      const referralKind = (referralKindTables.get(theme) ?? referralKindTables.get('EVERYDAY_LIFE')!).draw(
        random.next,
      )
      const candidates = partnersByKind.get(referralKind) ?? []
      const partnerId = candidates.length && random.chance(0.9) ? random.pick(candidates) : null
      const sentDay = random.pick(contactDays)
      const sentAt = noon(sentDay)
      const author = authorAt(sentAt)
      const anonymous = random.chance(0.08)
      const categories = anonymous ? '' : (DATA_CATEGORIES_BY_KIND[referralKind] ?? 'IDENTITY')
      let consentId: string | null = null
      let withdrawnAt: number | null = null
      if (!anonymous) {
        consentId = ids.next('cn')
        const given = Math.max(startOfDay(openedAt), sentDay - random.int(0, 2) * DAY) + 10 * 3_600_000
        withdrawnAt = random.chance(0.02) ? given + random.int(10, 200) * DAY : null
        if (withdrawnAt !== null && withdrawnAt > today) withdrawnAt = null
        const form = random.chance(0.8) ? 'WRITTEN' : 'ORAL'
        insert('Consent', [
          consentId,
          caseId,
          partnerId,
          partnerId ? null : referralKind,
          'Vermittlung und Terminabsprache',
          categories,
          form,
          random.chance(0.6) ? firstLanguage : 'deu',
          isoDate(given),
          isoDate(given + 365 * DAY),
          withdrawnAt === null ? null : isoDate(withdrawnAt),
          form === 'WRITTEN' ? 1 : 0,
          author,
          isoDate(given),
          isoDate(withdrawnAt ?? given),
        ])
      }
      const referralId = ids.next('rf')
      const transitions: [string | null, string, number][] = [[null, 'INQUIRY', sentAt]]
      let current = 'INQUIRY'
      let at = sentAt
      const slow = LONG_WAIT_KINDS.has(referralKind)
      for (let step = 0; step < 12; step += 1) {
        const next = referralStepTables.get(current)?.draw(random.next)
        if (!next || next === 'END') break
        const [minDays, maxDays] = REFERRAL_STEP_DAYS[next] ?? [1, 14]
        const wait =
          current === 'WAITING_LIST'
            ? random.int(slow ? 30 : 10, slow ? 180 : 60)
            : random.int(minDays, slow ? maxDays * 2 : maxDays)
        const nextAt = noon(weekday(at + wait * DAY))
        if (nextAt > today) break
        transitions.push([current, next, nextAt])
        current = next
        at = nextAt
      }
      let clearingAt: number | null = null
      let admittedAt: number | null = null
      let closedRefAt: number | null = null
      for (const [, to, when] of transitions) {
        if (to === 'CLEARING_DONE' && clearingAt === null) clearingAt = when
        if (to === 'ADMITTED') {
          admittedAt ??= when
          clearingAt ??= when
        }
        closedRefAt =
          to === 'COMPLETED' || to === 'DECLINED' || to === 'NO_SHOW' || to === 'CANCELLED' ? when : null
      }
      const open = closedRefAt === null
      const urgency = random.chance(slow || referralKind === 'VIOLENCE_PROTECTION' ? 0.1 : 0.02)
        ? 'CRISIS'
        : 'REGULAR'
      const interpreter = (germanLevel === 'NONE' || germanLevel === 'A1') && random.chance(0.7)
      insert('Referral', [
        referralId,
        caseId,
        partnerId,
        referralKind,
        urgency,
        random.chance(0.5) ? random.pick(REFERRAL_REASONS) : null,
        interpreter ? 1 : 0,
        interpreter ? firstLanguage : null,
        categories,
        anonymous ? 1 : 0,
        consentId,
        current,
        isoDate(sentAt),
        clearingAt === null ? null : isoDate(clearingAt),
        admittedAt === null ? null : isoDate(admittedAt),
        closedRefAt === null ? null : isoDate(closedRefAt),
        (current === 'COMPLETED' && random.chance(0.7)) || (current === 'ADMITTED' && random.chance(0.4))
          ? 1
          : 0,
        open && withdrawnAt !== null ? isoDate(withdrawnAt) : null,
        transitions.length,
        author,
        isoDate(sentAt),
        isoDate(at),
      ])
      for (const [from, to, when] of transitions)
        insert('ReferralTransition', [
          ids.next('rt'),
          referralId,
          from,
          to,
          isoDate(when),
          authorAt(when),
          isoDate(when),
        ])
    }
  }
}

type MediationInput = {
  id: string
  caseId: string
  language: string
  performedDay: number
  duration: number
  author: string | null
  openedAt: number
  /** DONE: it took place; a side exit; OPEN: requested or confirmed, still ahead */
  outcome: 'DONE' | 'CANCELLED_IN_TIME' | 'CANCELLED_LATE' | 'NO_SHOW' | 'OPEN'
  requestedDay?: number
}
function writeLanguageMediation(
  { today, random, ids, insert }: Generation,
  world: World,
  input: MediationInput,
) {
  const { mediationPools } = world
  const mode = mediationModes.draw(random.next)
  const providerKind = mediationPools.length
    ? providerKindTable.draw(random.next)
    : random.chance(0.6)
      ? 'AGENCY'
      : 'FREELANCE'
  const providerId = providerKind === 'POOL' && mediationPools.length ? random.pick(mediationPools) : null
  const requested = Math.max(
    input.openedAt,
    noon(input.requestedDay ?? input.performedDay - random.int(1, 10) * DAY) - 3 * 3_600_000,
  )
  const performed = noon(input.performedDay)
  const transitions: [string | null, string, number][] = [[null, 'REQUESTED', requested]]
  const onDemand = mode !== 'ON_SITE' && input.outcome === 'DONE' && random.chance(0.5)
  const confirmedAt = Math.min(
    requested + random.int(2, 72) * 3_600_000,
    Math.max(requested + 60_000, performed - 3_600_000),
  )
  if (!onDemand && input.outcome !== 'CANCELLED_IN_TIME' && confirmedAt <= today)
    transitions.push(['REQUESTED', 'CONFIRMED', confirmedAt])
  let status = transitions[transitions.length - 1]![1]
  let billed: number | null = null
  let travel: number | null = null
  let cost: number | null = null
  let bearer: string | null = null
  let performedAt: number | null = null
  let lastAt = transitions[transitions.length - 1]![2]
  if (input.outcome !== 'OPEN' && performed <= today) {
    const outcomeAt =
      input.outcome === 'CANCELLED_IN_TIME'
        ? Math.max(requested + 60_000, performed - random.int(2, 5) * DAY)
        : Math.max(lastAt + 60_000, performed)
    transitions.push([status, input.outcome, outcomeAt])
    status = input.outcome
    lastAt = outcomeAt
    if (input.outcome === 'DONE' || input.outcome === 'CANCELLED_LATE') {
      performedAt = input.outcome === 'DONE' ? performed : null
      billed =
        input.outcome === 'DONE'
          ? Math.max(mode === 'ON_SITE' ? 60 : 30, Math.ceil(input.duration / 15) * 15)
          : 60
      travel = mode === 'ON_SITE' && input.outcome === 'DONE' ? random.int(3, 18) * 5 : 0
      const rate = HOURLY_RATE_CENTS[providerKind] ?? 5000
      cost =
        providerKind === 'VOLUNTEER'
          ? VOLUNTEER_ALLOWANCE_CENTS
          : Math.round((rate * (billed + travel * 0.5)) / 60)
      bearer = costBearerTable.draw(random.next)
      const invoiced = outcomeAt + random.int(14, 60) * DAY
      if (invoiced <= today && random.chance(0.9)) {
        transitions.push([status, 'INVOICED', invoiced])
        status = 'INVOICED'
        lastAt = invoiced
      }
    }
  }
  insert('LanguageMediation', [
    input.id,
    input.caseId,
    input.language,
    null,
    mode,
    providerId,
    providerKind,
    `SM-${random.int(100, 999)}`,
    isoDate(requested),
    performedAt === null ? null : isoDate(performedAt),
    billed,
    travel,
    cost,
    bearer,
    status,
    transitions.length,
    input.author,
    isoDate(requested),
    isoDate(lastAt),
  ])
  for (const [from, to, at] of transitions)
    insert('MediationTransition', [ids.next('mt'), input.id, from, to, isoDate(at), input.author])
}

// ---------------------------------------------------------------------------------------------
// step: all cases, one transaction per batch

function generateCases(generation: Generation, world: World, openings: Float64Array) {
  const { options, log, started, db, inserted } = generation
  const batch = 500
  const progressEvery = Math.max(batch, Math.ceil(options.cases / 20 / batch) * batch)
  const runBatch = db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index += 1) generateCase(generation, world, openings[index]!)
  })
  for (let from = 0; from < options.cases; from += batch) {
    const to = Math.min(options.cases, from + batch)
    runBatch(from, to)
    if (to % progressEvery === 0 || to === options.cases) {
      log(
        `  ${to.toLocaleString('en')} cases, ${inserted.Contact!.toLocaleString('en')} contacts — ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// step: anonymous inquiries

function generateInquiries(generation: Generation, { topicIds, teamTable, counsellors }: World) {
  const { options, windowStart, span, db, random, ids, insert } = generation
  const inquiries = Math.round(options.cases * 0.15)
  const topicKeys = [...topicIds.keys()]
  const inquiryLanguages = table([
    ['deu', 30],
    ['arb', 18],
    ['ukr', 14],
    ['rus', 10],
    ['prs', 8],
    ['tur', 6],
    ['eng', 8],
    ['fas', 6],
  ] as const)
  db.transaction(() => {
    const days: number[] = []
    for (let index = 0; index < inquiries; index += 1)
      days.push(startOfDay(weekday(windowStart + Math.floor(random.next() * span))))
    days.sort((a, b) => a - b)
    for (const day of days) {
      const team = teamTable.draw(random.next)
      const inquiryId = ids.next('iq')
      const interpreting = random.chance(0.85) ? 'NONE' : random.chance(0.5) ? 'RELATIVE' : 'VOLUNTEER'
      insert('AnonymousInquiry', [
        inquiryId,
        team.id,
        random.pick(counsellors.get(team.id)!),
        isoDate(day),
        inquiryModes.draw(random.next),
        inquiryLanguages.draw(random.next),
        interpreting,
        random.int(1, 6) * 5,
        isoDate(officeTime(random, day)),
      ])
      const first = random.pick(topicKeys)
      insert('InquiryTopic', [inquiryId, topicIds.get(first)!])
      if (random.chance(0.3)) {
        const second = random.pick(topicKeys)
        if (second !== first) insert('InquiryTopic', [inquiryId, topicIds.get(second)!])
      }
    }
  })()
}

// ---------------------------------------------------------------------------------------------
// step: group sessions (Gruppenangebote, decisions 041 and 046)

/** What a team's weekly group is about: a description without names and its topics. */
const GROUP_OFFERS = table([
  [{ description: 'Wohnungssuche: Unterlagen, Besichtigung, Mietvertrag', topics: ['HOUSING'] }, 5],
  [{ description: 'Informationsabend Integrationskurs und Sprachkurse', topics: ['LANGUAGE_COURSE'] }, 4],
  [{ description: 'Bewerbung und Anerkennung von Abschlüssen', topics: ['WORK', 'RECOGNITION'] }, 4],
  [{ description: 'Krankenversicherung und Arztbesuch', topics: ['HEALTH'] }, 3],
  [{ description: 'Schule und Kita: Anmeldung und Elternabend', topics: ['FAMILY', 'EDUCATION'] }, 3],
  [{ description: 'Post von Behörden verstehen', topics: ['EVERYDAY_LIFE', 'LIVELIHOOD'] }, 3],
  [{ description: 'Ablauf des Asylverfahrens und die Anhörung', topics: ['RESIDENCE_ASYLUM'] }, 2],
] as const)
const groupModes = table([
  ['OFFICE', 85],
  ['OUTREACH', 10],
  ['VIDEO', 5],
] as const)

/**
 * A weekly group per team on Wednesdays (some weeks cancelled), with 3–8 participant cases of the
 * team and 0–3 participants without a case file. A participant case was opened by then, had its
 * first contact (so it is already "aktiv"), is not closed on the day and was never transferred (so
 * it belonged to the team that day). The case's last contact date follows the session, as in the
 * application. Only cases of this run take part, so a second run into the same file adds no second
 * weekly group to the first run's cases. Small runs get proportionally fewer sessions.
 */
function generateGroupSessions(generation: Generation, { teams, topicIds, counsellors }: World, firstCaseRow: number) {
  const { options, windowStart, todayStart, db, random, ids, insert } = generation
  type Candidate = { id: string; openedAt: number; firstContact: number; closedAt: number; programme: string }
  const rows = db
    .prepare(
      `SELECT c.id, c.teamId, c.openedAt, c.closedAt, c.firstContactAt, c.programme FROM "Case" c
        WHERE c.rowid > ? AND c.firstContactAt IS NOT NULL AND NOT EXISTS (SELECT 1 FROM Transfer t WHERE t.caseId = c.id)
        ORDER BY c.rowid`,
    )
    .all(firstCaseRow) as { id: string; teamId: string; openedAt: string; closedAt: string | null; firstContactAt: string; programme: string }[]
  const byTeam = new Map<string, Candidate[]>(teams.map((team) => [team.id, []]))
  for (const row of rows) {
    byTeam.get(row.teamId)?.push({
      id: row.id,
      openedAt: Date.parse(row.openedAt),
      firstContact: Date.parse(row.firstContactAt),
      closedAt: row.closedAt ? Date.parse(row.closedAt) : Infinity,
      programme: row.programme,
    })
  }
  const programmeOnDay = db.prepare(
    'SELECT programme FROM ProgrammePeriod WHERE caseId = ? AND substr(validFrom, 1, 10) <= ? ORDER BY validFrom DESC LIMIT 1',
  )
  const moveLastContact = db.prepare(
    'UPDATE "Case" SET lastContactAt = ? WHERE id = ? AND (lastContactAt IS NULL OR lastContactAt < ?)',
  )
  const weekly = Math.min(0.7, options.cases / 3000)
  let firstWednesday = windowStart
  while (new Date(firstWednesday).getUTCDay() !== 3) firstWednesday += DAY
  db.transaction(() => {
    for (let day = firstWednesday; day <= todayStart; day += 7 * DAY) {
      for (const team of teams) {
        if (!random.chance(weekly)) continue
        const candidates = byTeam.get(team.id)!
        // candidates are in opening order: those opened by the day are a prefix
        let opened = 0
        while (opened < candidates.length && candidates[opened]!.openedAt <= day + DAY) opened += 1
        const wanted = random.int(3, 8)
        const chosen: Candidate[] = []
        for (let attempt = 0; attempt < wanted * 6 && chosen.length < wanted && opened > 0; attempt += 1) {
          const candidate = candidates[Math.floor(random.next() * opened)]!
          if (startOfDay(candidate.firstContact) > day || candidate.closedAt <= day + DAY || chosen.includes(candidate)) continue
          chosen.push(candidate)
        }
        if (chosen.length < 3) continue
        const offer = GROUP_OFFERS.draw(random.next)
        const dayIso = isoDate(day)
        const from = chosen[0]!
        const programme = (programmeOnDay.pluck().get(from.id, dayIso.slice(0, 10)) as string | undefined) ?? from.programme
        const sessionId = ids.next('gs')
        const startHour = random.pick([10, 14, 16])
        insert('GroupSession', [
          sessionId,
          team.id,
          programme,
          dayIso,
          `${startHour}:00`,
          random.pick([60, 90, 90, 120]),
          groupModes.draw(random.next),
          offer.description,
          random.int(0, 3),
          random.pick(counsellors.get(team.id)!),
          isoDate(Math.min(generation.today, day + (startHour + 3) * 3_600_000)),
          1,
        ])
        for (const participant of chosen) {
          insert('GroupSessionParticipant', [ids.next('gp'), sessionId, participant.id])
          moveLastContact.run(dayIso, participant.id, dayIso)
        }
        for (const topic of offer.topics) insert('GroupSessionTopic', [sessionId, topicIds.get(topic)!])
      }
    }
  })()
}

// ---------------------------------------------------------------------------------------------
// the steps in order: the random stream runs through them in this order, so reordering them
// changes every row generated for a seed

type Suspended = { type: 'index' | 'trigger'; name: string; sql: string }

/**
 * Drops the secondary indexes that do not lead with the case and the triggers that keep CaseYear,
 * noting them first in a table of the file (committed before anything is dropped), so that a load
 * killed half-way (Ctrl-C cannot interrupt the synchronous load, a kill can) is finished by the next
 * run of the generator on the same file instead of leaving a file without its triggers.
 */
function suspendForBulkLoad(db: Database.Database, firstCaseRow: number) {
  const suspended = (
    db
      .prepare(
        `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type = 'index' AND tbl_name IN (${GENERATED_TABLES.map(() => '?').join(', ')})) OR (type = 'trigger' AND name LIKE 'CaseYear\\_%' ESCAPE '\\' AND name <> 'CaseYear_recount'))`,
      )
      .all(...GENERATED_TABLES) as Suspended[]
  ).filter((entry) => entry.type === 'trigger' || !LEADS_WITH_CASE.test(entry.sql))
  db.transaction(() => {
    db.exec(`CREATE TABLE "${SUSPENDED_TABLE}" (type TEXT NOT NULL, name TEXT NOT NULL, sql TEXT NOT NULL, firstCaseRow INTEGER NOT NULL)`)
    const note = db.prepare(`INSERT INTO "${SUSPENDED_TABLE}" (type, name, sql, firstCaseRow) VALUES (?, ?, ?, ?)`)
    for (const entry of suspended) note.run(entry.type, entry.name, entry.sql, firstCaseRow)
  })()
  for (const entry of suspended) db.exec(`DROP ${entry.type.toUpperCase()} "${entry.name}"`)
}

/**
 * Restores what `suspendForBulkLoad` noted — the triggers first, then the indexes, each attempted
 * even when another fails — and recounts the years of every case written since, through the same
 * recount trigger (CaseYearRecount) the triggers use, which writes a row only for a case of that
 * year. Nothing to do when the file has no note.
 */
function finishBulkLoad(db: Database.Database, years: { first: number; last: number }, log: (line: string) => void) {
  const noted = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(SUSPENDED_TABLE) !== undefined
  if (!noted) return
  const entries = db.prepare(`SELECT type, name, sql, firstCaseRow FROM "${SUSPENDED_TABLE}" ORDER BY type = 'index', rowid`).all() as (Suspended & { firstCaseRow: number })[]
  const begun = performance.now()
  const failures: unknown[] = []
  for (const entry of entries) {
    const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(entry.type, entry.name) !== undefined
    if (exists) continue
    try {
      db.exec(entry.sql)
    } catch (error) {
      failures.push(error)
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `restoring ${failures.length} suspended indexes or triggers failed; the note stays in ${SUSPENDED_TABLE}`)
  const indexes = entries.filter((entry) => entry.type === 'index').length
  log(`  rebuilt ${indexes} indexes — ${((performance.now() - begun) / 1000).toFixed(1)} s`)
  const counted = performance.now()
  // Table statistics first: without them SQLite reads a case's closures in the year through the
  // year's range of CaseStatusChange(toStatus, at) — every closure of the year for each case —
  // instead of the case's own rows (20× slower per case at 6,000 cases, worse with more). Bounded
  // work. The statistics are put back as they were afterwards: the file keeps the statistics a load
  // row by row would leave, and the server's PRAGMA optimize refreshes them as in real use (the
  // sampled ones planned /team's queue through the team's whole index, 57 ms a view).
  const statistics = STATISTICS_TABLES.map((table) => {
    const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
    return { table, present, rows: present ? (db.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][]) : [] }
  })
  db.pragma('analysis_limit = 1000')
  db.exec('ANALYZE')
  db.prepare(
    `WITH RECURSIVE y(value) AS (SELECT ? UNION ALL SELECT value + 1 FROM y WHERE value < ?)
     INSERT INTO "CaseYearRecount" ("year", "caseId")
     SELECT y.value, c."id" FROM "Case" c JOIN y
     WHERE c.rowid > ? AND y.value >= CAST(substr(c."openedAt", 1, 4) AS INTEGER) - 1`,
  ).run(years.first, years.last, Math.min(...entries.map((entry) => entry.firstCaseRow), Number.MAX_SAFE_INTEGER))
  for (const { table, present, rows } of statistics) {
    const now = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
    if (!now) continue
    if (!present) {
      db.exec(`DROP TABLE ${table}`)
      continue
    }
    db.exec(`DELETE FROM ${table}`)
    if (rows.length === 0) continue
    const put = db.prepare(`INSERT INTO ${table} VALUES (${rows[0]!.map(() => '?').join(', ')})`)
    for (const row of rows) put.run(...row)
  }
  db.exec(`DROP TABLE "${SUSPENDED_TABLE}"`)
  log(`  recounted the cases' years — ${((performance.now() - counted) / 1000).toFixed(1)} s`)
}

/** Where a bulk load notes what it suspended (see suspendForBulkLoad). */
const SUSPENDED_TABLE = '_GeneratorSuspended'
/** SQLite's planner statistics (better-sqlite3 is built with SQLITE_ENABLE_STAT4). */
const STATISTICS_TABLES = ['sqlite_stat1', 'sqlite_stat4']

/** An index whose first column is the case: `CREATE … INDEX "…" ON "Table"("caseId", …)`. */
const LEADS_WITH_CASE = /\bON\s+"\w+"\s*\(\s*"caseId"/

export async function generateData(options: GenerateOptions): Promise<GenerateSummary> {
  const generation = openGeneration(options)
  const { log, seed, started, today, windowStart, db, count, inserted } = generation
  const reference = readReferenceData(generation)
  const staff = ensureStaff(generation, reference)
  const partners = ensurePartners(generation, reference)
  const world: World = { ...reference, ...staff, ...partners, ...readCaseCatalogues(generation, reference) }
  const openings = openingDates(generation)

  // ------------------------------------------------------------------ main loop
  // For a big load the secondary indexes go and come back afterwards: building an index by sorting
  // once is many times faster than keeping a dozen random-order B-trees updated row by row (the
  // load slowed to a crawl past ~50,000 cases). The same statements recreate them unchanged.
  // Indexes that lead with the case stay: triggers look rows up by case on every insert (the
  // workload and topic figures, CaseYear's recount) — without them each insert scans the whole
  // table and the load grows with the square of the cases (4,000 cases took 10 CPU minutes).
  // Cases are generated in id order, so these indexes are only ever appended to.
  // The triggers that keep CaseYear (decision 047) are suspended too: each contact, status change,
  // programme period, referral and mediation would recount its case's year from all the case's rows
  // (≈ 0.3 ms per contact). Afterwards every case's years are recounted once through the same
  // recount trigger (CaseYearRecount), which writes a row only for a case of that year.
  const bulk = options.cases >= (options.bulkFrom ?? 5000)
  const years = { first: Number(isoDate(windowStart).slice(0, 4)) - 1, last: Number(isoDate(today).slice(0, 4)) + 1 }
  const firstCaseRow = db.prepare('SELECT coalesce(max(rowid), 0) FROM "Case"').pluck().get() as number
  // An earlier bulk load into this file that was killed before it could restore: restore it now.
  finishBulkLoad(db, years, log)
  if (bulk) suspendForBulkLoad(db, firstCaseRow)
  try {
    generateCases(generation, world, openings)
    generateInquiries(generation, world)
  } finally {
    finishBulkLoad(db, years, log)
  }
  // After the indexes are back: it looks up programme periods and transfers per case.
  generateGroupSessions(generation, world, firstCaseRow)

  db.pragma('wal_checkpoint(TRUNCATE)')
  const totals = Object.fromEntries(GENERATED_TABLES.map((name) => [name, count(name)]))
  db.close()
  return {
    inserted,
    totals,
    seconds: (performance.now() - started) / 1000,
    seed,
    from: isoDate(windowStart).slice(0, 10),
    today: isoDate(today).slice(0, 10),
  }
}
