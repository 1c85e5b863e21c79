// A new contact's topics are written by one INSERT straight on the connection (issue 19, session 13;
// `writeRows`, decision 076) instead of the ORM's createMany: the stored rows must be the ones the
// ORM wrote, column for column and storage class for storage class (the case and team copied by the
// insert triggers included), and they must commit and roll back with the save's transaction.
import { describe, expect, test } from 'vitest'
import { insertContactTopics } from '#app/models/contact.server.ts'
import { prisma, readRows } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'

async function storedTopics(contactId: string) {
  return readRows<Array<Record<string, unknown>>>`
    SELECT "topicId", typeof("topicId") AS "topicIdType", "caseId", typeof("caseId") AS "caseIdType",
      "caseTeamId", typeof("caseTeamId") AS "caseTeamIdType", typeof("contactId") AS "contactIdType"
    FROM "ContactTopic" WHERE "contactId" = ${contactId} ORDER BY "topicId"`
}

async function newContact(caseId: string) {
  return prisma.contact.create({ data: { caseId, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL' }, select: { id: true } })
}

describe('insertContactTopics', () => {
  test('stores what the ORM’s createMany stored, each topic once, within the transaction', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const topics = (await prisma.catalogueEntry.findMany({ where: { catalogue: 'TOPIC' }, select: { id: true }, orderBy: { id: 'asc' }, take: 3 })).map((entry) => entry.id)
    const chosen = [topics[2]!, topics[0]!, topics[2]!, topics[1]!]

    const byOrm = await newContact(kase.id)
    const byRows = await newContact(kase.id)
    await prisma.$transaction(async (tx) => {
      await tx.contactTopic.createMany({ data: [...new Set(chosen)].map((topicId) => ({ contactId: byOrm.id, topicId })) })
    })
    await prisma.$transaction(async (tx) => {
      await insertContactTopics(tx, byRows.id, chosen)
    })
    const expected = await storedTopics(byOrm.id)
    expect(expected).toHaveLength(3)
    // The triggers' copies reach the compared columns (equal nulls would prove little).
    expect(expected[0]).toMatchObject({ caseId: kase.id, caseTeamId: eae.id, topicIdType: 'integer', caseIdType: 'text' })
    expect(await storedTopics(byRows.id)).toEqual(expected)

    // Rolled back with its transaction; nothing at all for no topics.
    const rolledBack = await newContact(kase.id)
    await expect(
      prisma.$transaction(async (tx) => {
        await insertContactTopics(tx, rolledBack.id, topics)
        expect(await storedTopics(rolledBack.id)).toHaveLength(3)
        throw new Error('abandoned')
      }),
    ).rejects.toThrow('abandoned')
    expect(await storedTopics(rolledBack.id)).toEqual([])
    await prisma.$transaction(async (tx) => insertContactTopics(tx, rolledBack.id, []))
    expect(await storedTopics(rolledBack.id)).toEqual([])
  })
})
