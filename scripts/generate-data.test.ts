import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { FOLLOW_UPS_NOBODY_SHOULD_HOLD_SQL } from '#app/domain/follow-up-assignee.ts'
import { MEDIATION_TRANSITIONS, type MediationStatus } from '#app/domain/mediation-lifecycle.ts'
import { validateCode } from '#app/domain/pseudonym-code.ts'
import { canTransition } from '#app/domain/referral-lifecycle.ts'
import { baseDatabase, tmpDir } from '#tests/setup/paths.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { GENERATED_TABLES, generateData } from './lib/data-generator.ts'

const today = new Date('2026-11-26T18:00:00Z')
const files: string[] = []

function copyOfBase(name: string) {
  const file = path.join(tmpDir, `generator-${process.env.VITEST_POOL_ID ?? '0'}-${name}.db`)
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  fs.copyFileSync(baseDatabase, file)
  files.push(file)
  return file
}

function firstRows(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    const rows = Object.fromEntries(
      ['Client', 'Case', 'Contact', 'Referral', 'LanguageMediation', 'ResidenceStatusEntry', 'User'].map(
        (name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid LIMIT 3`).all()],
      ),
    )
    return rows
  } finally {
    db.close()
  }
}

/** Every generated table: its row count and a hash of all its rows in insertion order. */
function fingerprint(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    return Object.fromEntries(
      GENERATED_TABLES.map((name) => {
        const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all()
        return [name, `${rows.length} ${crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`]
      }),
    )
  } finally {
    db.close()
  }
}

afterAll(() => {
  for (const file of files)
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
})

describe('generate-data', () => {
  test('the same seed gives the same data; another seed gives other data', async () => {
    const first = copyOfBase('a')
    const second = copyOfBase('b')
    const third = copyOfBase('c')
    const a = await generateData({ database: first, cases: 50, seed: 42, today, prepare: false })
    const b = await generateData({ database: second, cases: 50, seed: 42, today, prepare: false })
    const c = await generateData({ database: third, cases: 50, seed: 43, today, prepare: false })
    expect(b.inserted).toEqual(a.inserted)
    expect(firstRows(second)).toEqual(firstRows(first))
    // Byte for byte: every row of every generated table (the generator's steps must not reorder the
    // random stream).
    expect(fingerprint(second)).toEqual(fingerprint(first))
    expect(firstRows(third).Client).not.toEqual(firstRows(first).Client)
    expect(c.inserted.Case).toBe(50)
    expect(a.inserted.Case).toBe(50)
    expect(a.inserted.Client).toBe(50)
    expect(a.inserted.Contact).toBeGreaterThan(100)
    for (const name of GENERATED_TABLES) expect(a.totals[name]).toBeGreaterThanOrEqual(a.inserted[name]!)
  })

  test('the rows are consistent: foreign keys, codes, lifecycles, dates inside the window', async () => {
    const file = copyOfBase('d')
    await generateData({ database: file, cases: 50, seed: 7, today, prepare: false })
    // A second run into the same file adds cases without colliding ids or codes.
    const again = await generateData({ database: file, cases: 20, seed: 7, today, prepare: false })
    expect(again.totals.Case).toBe(70)
    const db = new Database(file, { readonly: true })
    try {
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([])
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok')
      // the topic filter's copy of the case (triggers) holds for generated rows too
      expect(db.prepare('SELECT COUNT(*) FROM ContactTopic').pluck().get()).toBeGreaterThan(0)
      expect(
        db.prepare('SELECT COUNT(*) FROM ContactTopic t JOIN Contact k ON k.id = t.contactId WHERE t.caseId IS NOT k.caseId').pluck().get(),
      ).toBe(0)
      for (const code of db.prepare('SELECT pseudonymCode FROM Client').pluck().all() as string[]) {
        expect(validateCode(code).status).toBe('ok')
      }
      const referralSteps = db
        .prepare('SELECT fromStatus, toStatus FROM ReferralTransition WHERE fromStatus IS NOT NULL')
        .all() as { fromStatus: string; toStatus: string }[]
      for (const step of referralSteps)
        expect(canTransition(step.fromStatus, step.toStatus), `${step.fromStatus} → ${step.toStatus}`).toBe(
          true,
        )
      const mediationSteps = db
        .prepare('SELECT fromStatus, toStatus FROM MediationTransition WHERE fromStatus IS NOT NULL')
        .all() as { fromStatus: MediationStatus; toStatus: MediationStatus }[]
      for (const step of mediationSteps)
        expect(MEDIATION_TRANSITIONS[step.fromStatus]).toContain(step.toStatus)
      // Every case's status is the last entry of its history, and a closed case has a reason.
      const mismatched = db
        .prepare(
          `SELECT COUNT(*) FROM "Case" c WHERE c.status <> (SELECT toStatus FROM CaseStatusChange s WHERE s.caseId = c.id ORDER BY s.at DESC LIMIT 1)
             OR (c.status = 'CLOSED' AND (c.closedAt IS NULL OR c.closureReasonId IS NULL))`,
        )
        .pluck()
        .get()
      expect(mismatched).toBe(0)
      // Closing a case closes its open follow-ups (decision 030): none stays open or is done later.
      const openOnClosed = db
        .prepare(
          `SELECT COUNT(*) FROM FollowUp f JOIN "Case" c ON c.id = f.caseId
            WHERE c.status = 'CLOSED' AND (f.doneAt IS NULL OR f.doneAt > c.closedAt)`,
        )
        .pluck()
        .get()
      expect(openOnClosed).toBe(0)
      const window = db.prepare('SELECT MIN(openedAt) AS first, MAX(openedAt) AS last FROM "Case"').get() as {
        first: string
        last: string
      }
      expect(window.first >= '2024-01-01').toBe(true)
      expect(window.last <= today.toISOString()).toBe(true)
      const lastContact = db.prepare('SELECT MAX(date) FROM Contact').pluck().get() as string
      expect(lastContact <= today.toISOString()).toBe(true)
      // First/last contact dates are denormalised on the case; a group session counts as a contact (decision 046).
      const wrongDates = db
        .prepare(
          `SELECT COUNT(*) FROM "Case" c WHERE c.lastContactAt IS NOT (SELECT MAX(day) FROM (
             SELECT date AS day FROM Contact WHERE caseId = c.id
             UNION ALL SELECT s.date FROM GroupSession s JOIN GroupSessionParticipant p ON p.groupSessionId = s.id WHERE p.caseId = c.id))`,
        )
        .pluck()
        .get()
      expect(wrongDates).toBe(0)
      // Group sessions: 3–8 cases of the session's team, each open and already counselled on the day, 0–3 without a file.
      const sessions = db
        .prepare(
          `SELECT s.id, s.anonymousParticipants AS anonymous, COUNT(p.id) AS cases,
                  SUM(c.teamId <> s.teamId OR c.firstContactAt > s.date OR (c.closedAt IS NOT NULL AND substr(c.closedAt, 1, 10) <= substr(s.date, 1, 10))) AS misfits
             FROM GroupSession s JOIN GroupSessionParticipant p ON p.groupSessionId = s.id JOIN "Case" c ON c.id = p.caseId GROUP BY s.id`,
        )
        .all() as { anonymous: number; cases: number; misfits: number }[]
      expect(sessions.length).toBeGreaterThan(0)
      for (const session of sessions) {
        expect(session.cases).toBeGreaterThanOrEqual(3)
        expect(session.cases).toBeLessThanOrEqual(8)
        expect(session.anonymous).toBeLessThanOrEqual(3)
        expect(session.misfits).toBe(0)
      }
      expect(db.prepare('SELECT COUNT(*) FROM GroupSession s WHERE NOT EXISTS (SELECT 1 FROM GroupSessionTopic t WHERE t.groupSessionId = s.id)').pluck().get()).toBe(0)
      // Synthetic staff cannot sign in: no Password hash is a hash of a known password, and the
      // accounts are never demo accounts.
      const emails = db.prepare('SELECT email FROM User').pluck().all() as string[]
      expect(emails.every((email) => email.endsWith('@synthetic.wegbegleiter.invalid'))).toBe(true)
    } finally {
      db.close()
    }
  })

  test('an open follow-up is for someone who may read its case, after reassignments and transfers too (decision 203)', { timeout: scaledAtStart(60_000) }, async () => {
    // Enough cases for reassignments and transfers with open follow-ups: 1,000 with this seed hold two (the old
    // generator left both with their author; the demo's 300 held one, session 27).
    const file = copyOfBase('follow-ups')
    await generateData({ database: file, cases: 1000, seed: 2026, today, prepare: false })
    const db = new Database(file, { readonly: true })
    try {
      const moved = db
        .prepare(
          `SELECT COUNT(*) FROM FollowUp f JOIN Contact k ON k.id = f.contactId JOIN "Case" c ON c.id = f.caseId
            WHERE f.doneAt IS NULL AND c.status <> 'CLOSED' AND f.assigneeId IS NOT k.authorId`,
        )
        .pluck()
        .get() as number
      expect(moved).toBeGreaterThan(0)
      // The case's counsellor, a team lead, a counsellor of the team on a shared case; nobody only on a case without
      // a counsellor. Before session 27 a contact's follow-up stayed with its author after a reassignment or a transfer.
      expect(db.prepare(FOLLOW_UPS_NOBODY_SHOULD_HOLD_SQL).all()).toEqual([])
    } finally {
      db.close()
    }
  })

  test('the bulk load (indexes and the CaseYear triggers suspended) writes the same rows as the load row by row', async () => {
    // Twice into a file that already holds cases (the recount must leave those alone), once row by
    // row with every trigger firing and once in bulk: every table of the database — the generated
    // ones and every table the triggers keep (CaseYear, the workload and topic figures, the copies) —
    // holds the same rows, and the suspended indexes and triggers are all back.
    const rowByRow = copyOfBase('row')
    const bulk = copyOfBase('bulk')
    for (const file of [rowByRow, bulk]) await generateData({ database: file, cases: 30, seed: 5, today, prepare: false })
    await generateData({ database: rowByRow, cases: 120, seed: 9, today, prepare: false })
    const summary = await generateData({ database: bulk, cases: 120, seed: 9, today, prepare: false, bulkFrom: 1 })
    expect(summary.inserted.Case).toBe(120)
    const everything = (file: string) => {
      const db = new Database(file, { readonly: true })
      try {
        const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all()
        // sqlite_stat1 included: the bulk load's statistics for its recount must not stay behind
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('AuditEvent', 'Session', '_prisma_migrations') AND name NOT LIKE 'sqlite_%' OR name = 'sqlite_stat1'")
          .pluck()
          .all() as string[]
        const rows = Object.fromEntries(
          tables.map((name) => {
            const all = db.prepare(`SELECT * FROM "${name}"`).raw().all().map((row) => JSON.stringify(row)).sort()
            return [name, `${all.length} ${crypto.createHash('sha256').update(all.join('\n')).digest('hex')}`]
          }),
        )
        return { schema, rows, caseYears: db.prepare('SELECT COUNT(*) FROM CaseYear').pluck().get() as number }
      } finally {
        db.close()
      }
    }
    const expected = everything(rowByRow)
    const actual = everything(bulk)
    expect(expected.caseYears).toBeGreaterThan(150)
    expect(actual.schema).toEqual(expected.schema)
    expect(actual.rows).toEqual(expected.rows)
  })

  test('a bulk load killed half-way is finished by the next run on the same file', async () => {
    // As the bulk load leaves a file when it is killed after suspending: the note committed, a
    // CaseYear trigger and an index dropped, cases written without their CaseYear rows.
    const file = copyOfBase('killed')
    await generateData({ database: file, cases: 40, seed: 11, today, prepare: false })
    const db = new Database(file)
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'CaseYear_contact_insert'").pluck().get() as string
    const index = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'Contact_date_idx'").pluck().get() as string | undefined
    expect(trigger).toBeTruthy()
    db.exec('CREATE TABLE "_GeneratorSuspended" (type TEXT NOT NULL, name TEXT NOT NULL, sql TEXT NOT NULL, firstCaseRow INTEGER NOT NULL)')
    const note = db.prepare('INSERT INTO "_GeneratorSuspended" VALUES (?, ?, ?, 0)')
    note.run('trigger', 'CaseYear_contact_insert', trigger)
    if (index) note.run('index', 'Contact_date_idx', index)
    db.exec('DROP TRIGGER "CaseYear_contact_insert"')
    if (index) db.exec('DROP INDEX "Contact_date_idx"')
    const years = db.prepare('SELECT COUNT(*) FROM CaseYear').pluck().get() as number
    db.exec('DELETE FROM CaseYear')
    db.close()
    await generateData({ database: file, cases: 5, seed: 12, today, prepare: false })
    const after = new Database(file, { readonly: true })
    try {
      expect(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'CaseYear_contact_insert'").pluck().get()).toBe(trigger)
      if (index) expect(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'Contact_date_idx'").pluck().get()).toBe(index)
      expect(after.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = '_GeneratorSuspended'").pluck().get()).toBe(0)
      // the 40 cases' years recounted, the 5 new ones counted by the triggers
      expect(after.prepare('SELECT COUNT(*) FROM CaseYear').pluck().get() as number).toBeGreaterThanOrEqual(years)
    } finally {
      after.close()
    }
  })

  test('generated on a Sunday night, no case opens in the future', async () => {
    // weekday() moves a weekend day to the Monday after it, still to come on a weekend
    const sunday = new Date('2026-12-06T02:22:00Z')
    const file = copyOfBase('sunday')
    await generateData({ database: file, cases: 400, seed: 3, today: sunday, prepare: false })
    const db = new Database(file, { readonly: true })
    try {
      const latest = db.prepare('SELECT max(openedAt) FROM "Case"').pluck().get() as string
      expect(new Date(latest).getTime()).toBeLessThanOrEqual(sunday.getTime())
      expect(new Date(latest).getTime()).toBeGreaterThan(sunday.getTime() - 7 * 24 * 3_600_000)
    } finally {
      db.close()
    }
  })

  test('without a reference day, a file generated early or late on one day holds the same rows', async () => {
    // The default "today" is the end of the day before: the time of day a file is generated at (the
    // bench makes its dataset whenever it is missing) changes nothing, and nothing lies after it.
    const early = copyOfBase('early')
    const late = copyOfBase('late')
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-12-07T00:04:00Z'))
      const first = await generateData({ database: early, cases: 60, seed: 11, prepare: false })
      vi.setSystemTime(new Date('2026-12-07T23:58:00Z'))
      const second = await generateData({ database: late, cases: 60, seed: 11, prepare: false })
      expect(first.today).toBe(second.today)
      expect(first.today.slice(0, 10)).toBe('2026-12-06')
    } finally {
      vi.useRealTimers()
    }
    expect(fingerprint(late)).toEqual(fingerprint(early))
    const db = new Database(early, { readonly: true })
    try {
      const latest = db.prepare('SELECT max(openedAt) FROM "Case"').pluck().get() as string
      expect(latest < '2026-12-07').toBe(true)
    } finally {
      db.close()
    }
  })

  test('an empty file is migrated and seeded first', async () => {
    const file = path.join(tmpDir, `generator-${process.env.VITEST_POOL_ID ?? '0'}-fresh.db`)
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    files.push(file)
    const summary = await generateData({ database: file, cases: 10, seed: 1, today })
    expect(summary.totals.Case).toBe(10)
    const db = new Database(file, { readonly: true })
    try {
      expect(db.prepare('SELECT COUNT(*) FROM Team').pluck().get()).toBe(3)
      expect(
        db.prepare("SELECT COUNT(*) FROM CatalogueEntry WHERE catalogue = 'TOPIC'").pluck().get(),
      ).toBeGreaterThan(10)
    } finally {
      db.close()
    }
  }, scaledAtStart(60_000))
})
