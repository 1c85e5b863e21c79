import { randomBytes, randomUUID } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'
import { scaled } from '../setup/slowdown.ts'

/** The browser tests' own database (see serve.ts), for arranging state the UI cannot (e.g. time). */
export function e2eDatabase(baseURL: string | undefined) {
  const port = new URL(baseURL ?? '').port
  const db = new Database(path.resolve('tests', '.tmp', `e2e-${port}.db`))
  db.pragma(`busy_timeout = ${scaled(5_000)}`)
  return db
}

/** Prisma's SQLite text format for DateTime. */
export function sqliteDate(date: Date) {
  return date.toISOString().replace('Z', '+00:00')
}

export const demoEmail = (local: string) => `${local}@demo.wegbegleiter.de`
/** A demo account's local part ("beratung.eae") or any user's full email address. */
const emailOf = (account: string) => (account.includes('@') ? account : demoEmail(account))

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A short random tag that makes names unique per test attempt (a retry never meets its first attempt's data). */
export const uniqueTag = () => randomUUID().replace(/-/g, '').slice(0, 8)

/** A team of its own, for a test whose subject is a team's shared views (queue, workload, absences). */
export function insertTeam(baseURL: string | undefined, { name = `E2E-Team ${uniqueTag()}` } = {}) {
  const db = e2eDatabase(baseURL)
  try {
    const id = randomUUID()
    const now = sqliteDate(new Date())
    db.prepare(`INSERT INTO Team (id, name, kind, createdAt, updatedAt) VALUES (?, ?, 'REGIONAL', ?, ?)`).run(id, name, now, now)
    return { id, name }
  } finally {
    db.close()
  }
}

export type InsertUserOptions = {
  role?: 'COUNSELLOR' | 'TEAM_LEAD' | 'ADMIN'
  /** team by id; else by name (default: Beratungsstelle Greifswald) */
  teamId?: string
  teamName?: string
  displayName?: string
  mustChangePassword?: boolean
  /**
   * Every role here must have a second factor under the default policy (admins and team leads always,
   * counsellors because they see cases): enrolled by default, its secret in the database for the
   * sign-in to read back. false: none yet, so the sign-in leads to the enrolment.
   */
  secondFactor?: boolean
}

/**
 * An account of its own, for a test that changes an account (locks it, changes its password, makes
 * it absent) or needs to be the only one in its role. It signs in with the demo password (the hash
 * is copied from a demo account, so no slow hashing here).
 */
export function insertUser(baseURL: string | undefined, options: InsertUserOptions = {}) {
  const { role = 'COUNSELLOR', mustChangePassword = false, secondFactor = true } = options
  const tag = uniqueTag()
  const db = e2eDatabase(baseURL)
  try {
    const teamId =
      options.teamId ?? (db.prepare('SELECT id FROM Team WHERE name = ?').get(options.teamName ?? 'Beratungsstelle Greifswald') as { id: string }).id
    const { hash } = db
      .prepare('SELECT p.hash FROM Password p JOIN User u ON u.id = p.userId WHERE u.email = ?')
      .get(demoEmail('admin')) as { hash: string }
    const id = randomUUID()
    const email = `e2e.${tag}@e2e.test`
    const displayName = options.displayName ?? `E2E ${tag}`
    const now = sqliteDate(new Date())
    db.prepare(
      'INSERT INTO User (id, email, displayName, role, teamId, mustChangePassword, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(id, email, displayName, role, teamId, mustChangePassword ? 1 : 0, now, now)
    db.prepare('INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?)').run(id, hash, now)
    // an enrolled second factor of its own (the sign-in reads the secret back: tests/e2e/utils.ts)
    if (secondFactor)
      db.prepare('INSERT INTO TotpCredential (userId, secret, confirmedAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)').run(
        id,
        Array.from(randomBytes(32), (byte) => BASE32[byte % 32]).join(''),
        now,
        now,
        now,
      )
    return { id, email, displayName, teamId }
  } finally {
    db.close()
  }
}

export type InsertCaseOptions = {
  /** account the case is assigned to (a demo account's local part or an email); its team holds the case */
  counsellor?: string
  /** team by id or by name, for an unassigned case (ignored when counsellor is given) */
  teamId?: string
  teamName?: string
  status?: string
  kind?: string
  openedAt?: Date
  language?: string
  nationality?: string
  programme?: string
  sharedForSubstitution?: boolean
  /** a team lead (local part or email): records the assignment (an unread "assigned to you" notice) */
  assignedBy?: string
}

/**
 * A fresh client with one case, written straight into the database — for tests whose subject is
 * not case creation. Codes are random, so that no two tests or attempts share one.
 */
export function insertCase(baseURL: string | undefined, options: InsertCaseOptions = {}) {
  const {
    status = 'OPEN',
    kind = 'CASE_MANAGEMENT',
    openedAt = new Date(),
    language = 'arb',
    nationality = 'SY',
    programme = 'MBE',
    sharedForSubstitution = false,
  } = options
  const db = e2eDatabase(baseURL)
  try {
    const owner = options.counsellor
      ? (db.prepare('SELECT id, teamId FROM User WHERE email = ?').get(emailOf(options.counsellor)) as { id: string; teamId: string })
      : {
          id: null,
          teamId: options.teamId ?? (db.prepare('SELECT id FROM Team WHERE name = ?').get(options.teamName ?? 'EAE Nostorf-Horst') as { id: string }).id,
        }
    const statusId = (db.prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'RESIDENCE_STATUS' AND code = 'GESTATTUNG'").get() as { id: number }).id
    const at = sqliteDate(openedAt)
    const clientId = randomUUID()
    const caseId = randomUUID()
    // Crockford symbols in the usual grouping, so lookups by code normalise it unchanged.
    const symbols = randomUUID().replace(/-/g, '').toUpperCase().replace(/[ILOU]/g, '7')
    const code = `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 9)}`
    db.prepare(
      'INSERT INTO Client (id, pseudonymCode, birthYear, gender, nationality, countryOfOrigin, householdAdults, householdChildren, createdAt, updatedAt) VALUES (?, ?, 1988, ?, ?, ?, 1, 0, ?, ?)',
    ).run(clientId, code, 'FEMALE', nationality, nationality, at, at)
    db.prepare('INSERT INTO ClientLanguage (clientId, languageCode) VALUES (?, ?)').run(clientId, language)
    db.prepare('INSERT INTO ResidenceStatusEntry (id, clientId, statusId, validFrom, createdAt) VALUES (?, ?, ?, ?, ?)').run(randomUUID(), clientId, statusId, at, at)
    db.prepare(
      `INSERT INTO "Case" (id, clientId, teamId, counsellorId, openedAt, startPlace, kind, status, programme, accessRoute, germanLevel, sharedForSubstitution, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, 'EAE', ?, ?, ?, 'EAE_REFERRAL', 'NONE', ?, 1, ?, ?)`,
    ).run(caseId, clientId, owner.teamId, owner.id, at, kind, status, programme, sharedForSubstitution ? 1 : 0, at, at)
    db.prepare('INSERT INTO ProgrammePeriod (id, caseId, programme, validFrom, createdAt) VALUES (?, ?, ?, ?, ?)').run(randomUUID(), caseId, programme, at, at)
    db.prepare('INSERT INTO CaseStatusChange (id, caseId, fromStatus, toStatus, at) VALUES (?, ?, NULL, ?, ?)').run(randomUUID(), caseId, status, at)
    if (options.assignedBy && owner.id) {
      const lead = db.prepare('SELECT id FROM User WHERE email = ?').get(emailOf(options.assignedBy)) as { id: string }
      db.prepare('INSERT INTO Assignment (id, caseId, toUserId, assignedById, at) VALUES (?, ?, ?, ?, ?)').run(randomUUID(), caseId, owner.id, lead.id, sqliteDate(new Date()))
    }
    return { caseId, code, clientId, teamId: owner.teamId, userId: owner.id }
  } finally {
    db.close()
  }
}
