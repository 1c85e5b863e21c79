// Decision 256: the CaseYear triggers (decision 047) look a case's closures up by the case, not by
// `toStatus`. Without statistics of CaseStatusChange (the bench's file of 100,000 cases has none) a plain
// `"toStatus" = 'CLOSED'` made SQLite walk CaseStatusChange_toStatus_at_idx, every closure of every case
// (of the year, in the recount), to find the case's own: ~150 ms of the single writer per closed case on
// that file (docs/performance.md, "Closing a case, session 31"). The statements below are the triggers'
// own bodies as the database holds them, with NEW and OLD as parameters; their plans are SQLite's for the
// trigger programs (EXPLAIN QUERY PLAN of a statement gives the same plan as its copy in a trigger).
// Whether the kept figures stay exact is tests/case-year.test.ts's recount after random writes.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, getTeams } from '#tests/factories.ts'
import { planFor } from '#tests/statement-plans.ts'

/** The statements of a trigger's body, NEW."x" and OLD."x" replaced by parameters. */
async function triggerStatements(name: string) {
  const [row] = await prisma.$queryRawUnsafe<Array<{ sql: string }>>(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, name)
  expect(row, name).toBeDefined()
  const body = row!.sql.slice(row!.sql.search(/\bBEGIN\b/) + 'BEGIN'.length, row!.sql.lastIndexOf('END'))
  return body
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean)
    .map((statement) => {
      const sql = statement.replace(/\b(?:NEW|OLD)\."\w+"/g, '?')
      return { sql, values: Array.from({ length: sql.match(/\?/g)?.length ?? 0 }, () => 2025) }
    })
}

async function plansOfTrigger(name: string) {
  const plans: string[] = []
  for (const { sql, values } of await triggerStatements(name)) plans.push(await planFor(sql, values))
  return plans.join(' || ')
}

const expectClosuresByCase = (plan: string) => {
  expect(plan).toMatch(/SEARCH \w+ USING (COVERING )?INDEX CaseStatusChange_caseId_at_idx \(caseId=\?/)
  expect(plan).not.toMatch(/CaseStatusChange_toStatus_at_idx/)
  expect(plan).not.toMatch(/SCAN (CaseStatusChange|s)\b/)
}

describe('the CaseYear triggers\' look-up of a case\'s closures', () => {
  test('goes by the case, with no statistics and with statistics', async () => {
    const { eae } = await getTeams()
    for (let i = 0; i < 6; i++) {
      const kase = await createTestCase({ teamId: eae.id })
      await prisma.caseStatusChange.create({ data: { caseId: kase.id, fromStatus: 'OPEN', toStatus: 'CLOSED', at: new Date(`202${i % 4}-03-0${i + 1}T10:00:00Z`) } })
    }
    const stat1 = await prisma.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`)
    if (stat1.length) await prisma.$executeRawUnsafe('DELETE FROM sqlite_stat1')
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    const recount = await plansOfTrigger('CaseYear_recount')
    const caseUpdate = await plansOfTrigger('CaseYear_case_update')
    // the statements were found and planned: the recount reads the case's contacts, the update its years
    expect(recount).toMatch(/Contact_caseId_date_id_idx/)
    expect(caseUpdate).toMatch(/CaseYear_caseId_year_idx/)
    expectClosuresByCase(recount)
    expectClosuresByCase(caseUpdate)

    await prisma.$executeRawUnsafe('ANALYZE')
    expectClosuresByCase(await plansOfTrigger('CaseYear_recount'))
    expectClosuresByCase(await plansOfTrigger('CaseYear_case_update'))
  })
})

// Decision 256, second part: the ContactTopic triggers of decision 044 that take a mention away find the
// (year, case, topic) row by its whole primary key. A row-value `("year", "caseId") IN (SELECT ...)` searched
// the key by its year only, and the zero row's `"topicId" = ? AND "mentions" <= 0` walked the whole table:
// ~44 ms per removed topic on the bench's file (432,000 rows). tests/case-topic-year.test.ts keeps the
// figures exact after random writes.
describe('the CaseTopicYear triggers\' removal of a mention', () => {
  test('searches the whole primary key, with no statistics and with statistics', async () => {
    const stat1 = await prisma.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`)
    if (stat1.length) await prisma.$executeRawUnsafe('DELETE FROM sqlite_stat1')
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
    for (const analysed of [false, true]) {
      if (analysed) await prisma.$executeRawUnsafe('ANALYZE')
      for (const name of ['CaseTopicYear_topic_delete', 'CaseTopicYear_topic_update']) {
        const statements = await triggerStatements(name)
        const writes = statements.filter(({ sql }) => /^(UPDATE|DELETE FROM) "CaseTopicYear"/.test(sql))
        expect(writes, name).toHaveLength(2)
        for (const { sql, values } of writes) {
          const plan = await planFor(sql, values)
          expect(plan, `${name}: ${sql.slice(0, 40)}`).toMatch(/SEARCH CaseTopicYear USING (PRIMARY KEY|INDEX sqlite_autoindex_CaseTopicYear_1) \(year=\? AND caseId=\? AND topicId=\?\)/)
          expect(plan).not.toMatch(/SCAN CaseTopicYear/)
        }
      }
    }
  })
})
