import { randomUUID } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'

/** The browser tests' own database (see serve.ts), for arranging state the UI cannot (e.g. time). */
export function e2eDatabase(baseURL: string | undefined) {
  const port = new URL(baseURL ?? '').port
  const db = new Database(path.resolve('tests', '.tmp', `e2e-${port}.db`))
  db.pragma('busy_timeout = 5000')
  return db
}

/** Prisma's SQLite text format for DateTime. */
export function sqliteDate(date: Date) {
  return date.toISOString().replace('Z', '+00:00')
}

export const demoEmail = (local: string) => `${local}@demo.wegbegleiter.de`

export type InsertCaseOptions = {
  /** demo account the case is assigned to; its team holds the case */
  counsellor?: string
  /** team by name, for an unassigned case (ignored when counsellor is given) */
  teamName?: string
  status?: string
  kind?: string
  openedAt?: Date
  language?: string
  nationality?: string
  programme?: string
  sharedForSubstitution?: boolean
  /** demo account of a team lead: records the assignment (an unread "assigned to you" notice) */
  assignedBy?: string
}

/**
 * A fresh client with one case, written straight into the database — for tests whose subject is
 * not case creation. Codes start with E2E so they never collide with generated ones.
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
      ? (db.prepare('SELECT id, teamId FROM User WHERE email = ?').get(demoEmail(options.counsellor)) as { id: string; teamId: string })
      : { id: null, teamId: (db.prepare('SELECT id FROM Team WHERE name = ?').get(options.teamName ?? 'EAE Nostorf-Horst') as { id: string }).id }
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
      const lead = db.prepare('SELECT id FROM User WHERE email = ?').get(demoEmail(options.assignedBy)) as { id: string }
      db.prepare('INSERT INTO Assignment (id, caseId, toUserId, assignedById, at) VALUES (?, ?, ?, ?, ?)').run(randomUUID(), caseId, owner.id, lead.id, sqliteDate(new Date()))
    }
    return { caseId, code, clientId, teamId: owner.teamId, userId: owner.id }
  } finally {
    db.close()
  }
}
