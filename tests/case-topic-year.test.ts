// The statistics' topic facts (CaseTopicYear, decision 044) are a second copy of what Contact and
// ContactTopic say, kept only by triggers. This test writes at random — through the app's contact
// model and by raw SQL: new contacts, edits that move a contact to another year or change its
// topics, contacts moved to another case, topic rows changed in place, deletions; then a case
// anonymised as retention does it and whole cases erased (the erasure model, and a raw case
// delete, both cascading) — and after every few steps compares the table with a count made here
// from the contacts themselves: zero differences.
import { describe, expect, test } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { mulberry32 } from '../scripts/lib/random.ts'
import { contactAsFormValues, createContact, getContact, updateContact } from '#app/models/contact.server.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { confirmErasure, requestErasure } from '#app/models/erasure.server.ts'
import type { ContactFormValues } from '#app/forms/contact.ts'
import type { Actor } from '#app/domain/access-policy.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'


type Fact = { year: number; caseId: string; topicId: number; mentions: number }

const key = (fact: Omit<Fact, 'mentions'>) => `${fact.year}|${fact.caseId}|${fact.topicId}`

/** The facts of these cases as stored, as a map key → mentions. */
async function stored(caseIds: string[]) {
  const rows = await prisma.caseTopicYear.findMany({ where: { caseId: { in: caseIds } } })
  return new Map(rows.map((row) => [key(row), row.mentions]))
}

/**
 * The same facts counted here from the contacts: the year is the one the statistics use for a
 * contact (its stored text against `YYYY-01-01T00:00:00.000+00:00`), read as text, not through Prisma.
 */
async function recounted(caseIds: string[]) {
  const rows = await prisma.$queryRawUnsafe<Array<{ caseId: string; date: string; topicId: number | bigint }>>(
    `SELECT k.caseId, CAST(k.date AS TEXT) AS date, tp.topicId FROM "Contact" k JOIN "ContactTopic" tp ON tp.contactId = k.id
     WHERE k.caseId IN (${caseIds.map(() => '?').join(', ')})`,
    ...caseIds,
  )
  const counts = new Map<string, number>()
  for (const row of rows) {
    const digits = Number(row.date.slice(0, 4))
    const year = row.date < `${row.date.slice(0, 4)}-01-01T00:00:00.000+00:00` ? digits - 1 : digits
    const id = key({ year, caseId: row.caseId, topicId: Number(row.topicId) })
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

async function expectExact(caseIds: string[], step: string) {
  const [facts, truth] = await Promise.all([stored(caseIds), recounted(caseIds)])
  const differences = [...new Set([...facts.keys(), ...truth.keys()])]
    .filter((id) => facts.get(id) !== truth.get(id))
    .map((id) => `${id}: stored ${facts.get(id) ?? 'none'}, counted ${truth.get(id) ?? 'none'}`)
  expect(differences, `after ${step}`).toEqual([])
}

describe('CaseTopicYear facts', () => {
  test('stay equal to a recount from the contacts under random writes by the app and by raw SQL', { timeout: scaledAtStart(180_000) }, async () => {
    const seed = 20261205
    const next = mulberry32(seed)
    const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Facts counsellor' })
    const actor: Actor = { id: counsellor.id, role: 'COUNSELLOR', teamId: eae.id }
    const topics = await Promise.all(['WORK', 'HEALTH', 'HOUSING'].map((code) => catalogueId('TOPIC', code)))
    const cases = await Promise.all(
      Array.from({ length: 4 }, () => createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2023-06-01T00:00:00Z') })),
    )
    const caseIds = cases.map((kase) => kase.id)
    // Year boundaries on purpose: the first and last day of each year, and days in between.
    const days = ['2024-01-01', '2024-06-15', '2024-12-31', '2025-01-01', '2025-07-04', '2025-12-31', '2026-01-01', '2026-03-10']
    const someTopics = () => [...new Set([pick(topics), pick(topics), pick(topics)].slice(0, 1 + Math.floor(next() * 3)))]
    const contactsOf = async () =>
      (await prisma.contact.findMany({ where: { caseId: { in: caseIds } }, select: { id: true, caseId: true }, orderBy: { id: 'asc' } }))

    const value = (day: string, topicIds: number[]): ContactFormValues => ({
      date: day,
      durationMinutes: 30,
      mode: 'OFFICE',
      setting: 'INDIVIDUAL',
      personsPresent: 1,
      interpreting: 'NONE',
      topicIds,
    })

    const operations: Record<string, () => Promise<void>> = {
      'app: create': async () => {
        const kase = await requireCaseAccess(actor, pick(caseIds), 'write')
        await inRequest(() => createContact({ actor, kase, value: value(pick(days), someTopics()) }), { method: 'POST' })
      },
      'app: edit date and topics': async () => {
        const contacts = await contactsOf()
        if (!contacts.length) return
        const target = pick(contacts)
        const kase = await requireCaseAccess(actor, target.caseId, 'write')
        const contact = (await getContact(kase, target.id))!
        const before = contactAsFormValues(contact)
        await inRequest(
          () => updateContact({ actor, kase, contact, value: { ...before, date: pick(days), topicIds: next() < 0.5 ? before.topicIds : someTopics(), version: contact.version } }),
          { method: 'POST' },
        )
      },
      'prisma: delete contact': async () => {
        const contacts = await contactsOf()
        if (contacts.length) await prisma.contact.delete({ where: { id: pick(contacts).id } })
      },
      'sql: insert contact with topics': async () => {
        const id = `facts-${Math.floor(next() * 1e9)}`
        await prisma.$executeRawUnsafe(
          `INSERT INTO "Contact" (id, caseId, date, durationMinutes, mode, setting, updatedAt) VALUES (?, ?, ?, 20, 'PHONE', 'INDIVIDUAL', ?)`,
          id,
          pick(caseIds),
          `${pick(days)}T00:00:00.000+00:00`,
          new Date().toISOString(),
        )
        for (const topicId of someTopics()) await prisma.$executeRawUnsafe(`INSERT INTO "ContactTopic" (contactId, topicId) VALUES (?, ?)`, id, topicId)
      },
      'sql: move contact to another day': async () => {
        const contacts = await contactsOf()
        if (contacts.length) await prisma.$executeRawUnsafe(`UPDATE "Contact" SET date = ? WHERE id = ?`, `${pick(days)}T00:00:00.000+00:00`, pick(contacts).id)
      },
      'sql: move contact to another case': async () => {
        const contacts = await contactsOf()
        if (contacts.length) await prisma.$executeRawUnsafe(`UPDATE "Contact" SET caseId = ? WHERE id = ?`, pick(caseIds), pick(contacts).id)
      },
      'sql: change a topic in place': async () => {
        await prisma.$executeRawUnsafe(
          `UPDATE OR IGNORE "ContactTopic" SET topicId = ? WHERE rowid = (SELECT tp.rowid FROM "ContactTopic" tp JOIN "Contact" k ON k.id = tp.contactId
             WHERE k.caseId IN (?, ?, ?, ?) ORDER BY tp.contactId, tp.topicId LIMIT 1 OFFSET ?)`,
          pick(topics),
          ...caseIds,
          Math.floor(next() * 5),
        )
      },
      'sql: remove a topic': async () => {
        await prisma.$executeRawUnsafe(
          `DELETE FROM "ContactTopic" WHERE rowid = (SELECT tp.rowid FROM "ContactTopic" tp JOIN "Contact" k ON k.id = tp.contactId
             WHERE k.caseId IN (?, ?, ?, ?) ORDER BY tp.contactId, tp.topicId LIMIT 1 OFFSET ?)`,
          ...caseIds,
          Math.floor(next() * 5),
        )
      },
      'sql: delete contact': async () => {
        const contacts = await contactsOf()
        if (contacts.length) await prisma.$executeRawUnsafe(`DELETE FROM "Contact" WHERE id = ?`, pick(contacts).id)
      },
    }
    const names = Object.keys(operations)
    const seen = new Set<string>()
    for (let step = 1; step <= 120; step += 1) {
      const name = step <= 12 ? 'app: create' : pick(names)
      seen.add(name)
      await operations[name]!()
      if (step % 6 === 0) await expectExact(caseIds, `step ${step} (${name}, seed ${seed})`)
    }
    expect(seen).toEqual(new Set(names))
    const before = await stored(caseIds)
    expect([...before.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0)

    // Retention anonymises: the contacts stay (the statistics keep them) with their texts cleared,
    // which leaves the facts as they are.
    await prisma.contact.updateMany({ where: { caseId: cases[2]!.id }, data: { confidentialNote: null, nextStep: null } })
    await expectExact(caseIds, 'anonymising a case as retention does')
    // Erasure deletes the client (four eyes: requested by one, confirmed by a team lead); its
    // cases, contacts and topics go by cascade. A case row deleted by raw SQL cascades the same way.
    const lead = await createUser({ teamId: eae.id, role: 'TEAM_LEAD', displayName: 'Facts lead' })
    expect(await requestErasure({ actor, caseId: cases[0]!.id, clientId: cases[0]!.clientId })).toBe(true)
    expect(await confirmErasure({ actor: { id: lead.id, role: 'TEAM_LEAD', teamId: eae.id }, caseId: cases[0]!.id, clientId: cases[0]!.clientId })).toMatchObject({ ok: true })
    await prisma.$executeRawUnsafe(`DELETE FROM "Case" WHERE id = ?`, cases[1]!.id)
    await expectExact(caseIds, 'erasing two cases')
    expect(await prisma.caseTopicYear.count({ where: { caseId: { in: [cases[0]!.id, cases[1]!.id] } } })).toBe(0)
    expect(await prisma.caseTopicYear.count({ where: { caseId: { in: [cases[2]!.id, cases[3]!.id] } } })).toBeGreaterThan(0)
  })
})
