import { describe, expect, test } from 'vitest'
import { addDays, today } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action, loader } from './inquiries.new.tsx'

async function post(userId: string, form: Record<string, string | string[]>) {
  return settle(
    action({ request: await requestAs(userId, '/inquiries/new', { form }), params: {}, context: {} }),
  )
}

const base = async () => ({
  date: today().day,
  mode: 'OUTREACH',
  languageCode: 'tir',
  interpreting: 'VOLUNTEER',
  durationMinutes: '10',
  topicIds: [
    String(await catalogueId('TOPIC', 'RESIDENCE_ASYLUM')),
    String(await catalogueId('TOPIC', 'HOUSING')),
  ],
})

describe('anonymous short inquiry', () => {
  test("is counted for the user's team and leads back to the start page with a message; free text is not stored", async () => {
    const { rostock } = await getTeams()
    const user = await createUser({ teamId: rostock.id })
    const result = await post(user.id, { ...(await base()), note: 'Name: Frau X' })
    expect(statusOf(result)).toBe(302)
    expect((result as Response).headers.get('Location')).toBe('/?done=inquiry')
    const inquiry = await prisma.anonymousInquiry.findFirstOrThrow({
      select: {
        teamId: true,
        userId: true,
        mode: true,
        languageCode: true,
        interpreting: true,
        durationMinutes: true,
        topics: { select: { topicId: true } },
      },
    })
    expect(inquiry).toMatchObject({
      teamId: rostock.id,
      userId: user.id,
      mode: 'OUTREACH',
      languageCode: 'tir',
      interpreting: 'VOLUNTEER',
      durationMinutes: 10,
    })
    expect(inquiry.topics).toHaveLength(2)
    expect(JSON.stringify(await prisma.anonymousInquiry.findMany())).not.toContain('Frau X')
    expect(await prisma.auditEvent.count({ where: { action: 'inquiry.create', userId: user.id } })).toBe(1)
  })

  test.each([
    ['0 minutes', { durationMinutes: '0' }],
    ['601 minutes', { durationMinutes: '601' }],
    ['a date two days ahead', { date: addDays(today().day, 2) }],
    ['no mode', { mode: '' }],
    ['an unknown interpreting kind', { interpreting: 'TELEPATHY' }],
    ['an unknown topic', { topicIds: ['987654'] }],
    ['no topic', { topicIds: [] }],
    ['an unknown language', { languageCode: 'zzz' }],
  ])('%s is refused and nothing is counted', async (_label, overrides) => {
    const user = await createUser()
    const result = await post(user.id, { ...(await base()), ...overrides })
    expect(statusOf(result)).toBe(400)
    expect(await prisma.anonymousInquiry.count()).toBe(0)
  })

  test('administrators may not record inquiries', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    expect(statusOf(await post(admin.id, await base()))).toBe(403)
    expect(
      statusOf(
        await settle(
          loader({ request: await requestAs(admin.id, '/inquiries/new'), params: {}, context: {} }),
        ),
      ),
    ).toBe(403)
    expect(await prisma.anonymousInquiry.count()).toBe(0)
  })

  test('team leads may', async () => {
    const lead = await createUser({ role: 'TEAM_LEAD' })
    expect(statusOf(await post(lead.id, await base()))).toBe(302)
  })
})

describe('quick entry', () => {
  test('the next inquiry starts with today and the mode and language of my last one', async () => {
    const user = await createUser()
    const first = await loader({
      request: await requestAs(user.id, '/inquiries/new'),
      params: {},
      context: {},
    })
    expect(first.defaults).toMatchObject({ date: today().day, mode: undefined, interpreting: 'NONE' })
    await post(user.id, await base())
    const next = await loader({
      request: await requestAs(user.id, '/inquiries/new'),
      params: {},
      context: {},
    })
    expect(next.defaults).toMatchObject({
      date: today().day,
      mode: 'OUTREACH',
      languageCode: 'tir',
      interpreting: 'VOLUNTEER',
    })
  })
})
