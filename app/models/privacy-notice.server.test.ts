// /privacy/notices reads its notices straight from the connection (session 22): the answers must be
// exactly what the former ORM reads gave (each below is that code, run over the same data) —
// notices of every kind, with and without their audit event, a deleted author, a case without
// events, details that are no JSON, ties and more than a page of notices — for every reader.
import { describe, expect, test } from 'vitest'
import { ACCESS_NOTICE_KINDS, type AccessNoticeKind } from '#app/domain/access-grants.ts'
import { grantEmergencyAccess } from '#app/models/emergency-access.server.ts'
import { requestErasure } from '#app/models/erasure.server.ts'
import { listAccessNotices, listPrivacyNotices, PRIVACY_NOTICE_KINDS } from '#app/models/privacy-notice.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { expectBoundOutsideThePlanner, planFor, plansOf, primaryKeyIndex, setTableStatistics } from '#tests/statement-plans.ts'

const SOURCE_ACTION: Record<(typeof PRIVACY_NOTICE_KINDS)[number], string> = {
  EMERGENCY_ACCESS: 'case.emergency-access',
  ERASURE_REQUESTED: 'client.erasure-request',
  TRANSFER_IN: 'case.transfer',
  QUEUED: 'case.assign',
}

function parseDetails(details: string | null): Record<string, unknown> {
  try {
    return details ? (JSON.parse(details) as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
const text = (value: unknown) => (typeof value === 'string' ? value : null)

async function ormAccessNotices(userId: string, limit = 100) {
  const notices = await prisma.notification.findMany({
    where: { userId, kind: { in: [...ACCESS_NOTICE_KINDS] } },
    select: { id: true, kind: true, subjectUserId: true, auditEventId: true, createdAt: true, readAt: true },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  const eventIds = notices.map((notice) => notice.auditEventId).filter((id): id is number => id !== null)
  const events = await prisma.auditEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, userId: true, details: true } })
  const eventById = new Map(events.map((event) => [event.id, { ...event, details: parseDetails(event.details) }]))
  const userIds = new Set<string>()
  const teamIds = new Set<string>()
  for (const notice of notices) if (notice.subjectUserId) userIds.add(notice.subjectUserId)
  for (const event of eventById.values()) {
    if (event.userId) userIds.add(event.userId)
    for (const id of [event.details.teamId, event.details.previousTeamId]) if (typeof id === 'string') teamIds.add(id)
  }
  const [users, teams] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true, email: true } }),
    prisma.team.findMany({ where: { id: { in: [...teamIds] } }, select: { id: true, name: true } }),
  ])
  const userById = new Map(users.map((user) => [user.id, user]))
  const teamName = (id: unknown) => (typeof id === 'string' ? (teams.find((team) => team.id === id)?.name ?? null) : null)
  return notices.map((notice) => {
    const event = notice.auditEventId !== null ? eventById.get(notice.auditEventId) : undefined
    const subject = notice.subjectUserId ? userById.get(notice.subjectUserId) : undefined
    return {
      id: notice.id,
      kind: notice.kind as AccessNoticeKind,
      at: notice.createdAt.toISOString(),
      read: Boolean(notice.readAt),
      ownAccount: notice.subjectUserId === userId,
      subject: subject ? { displayName: subject.displayName, email: subject.email } : null,
      by: event?.userId ? (userById.get(event.userId)?.displayName ?? null) : null,
      role: text(event?.details.role),
      previousRole: text(event?.details.previousRole),
      team: teamName(event?.details.teamId),
      previousTeam: teamName(event?.details.previousTeamId),
    }
  })
}

async function ormPrivacyNotices(userId: string, limit = 100) {
  const notices = await prisma.notification.findMany({
    where: { userId, kind: { in: [...PRIVACY_NOTICE_KINDS] } },
    select: { id: true, kind: true, caseId: true, auditEventId: true, createdAt: true, readAt: true, case: { select: { client: { select: { pseudonymCode: true } } } } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  const caseIds = [...new Set(notices.map((notice) => notice.caseId).filter((id): id is string => Boolean(id)))]
  const eventIds = notices.map((notice) => notice.auditEventId).filter((id): id is number => id !== null)
  const select = { id: true, caseId: true, action: true, at: true, userId: true, details: true } as const
  const [named, ofCases] = await Promise.all([
    eventIds.length > 0 ? prisma.auditEvent.findMany({ where: { id: { in: eventIds } }, select }) : [],
    caseIds.length > 0
      ? prisma.auditEvent.findMany({ where: { caseId: { in: caseIds }, action: { in: Object.values(SOURCE_ACTION) }, outcome: 'SUCCESS' }, select })
      : [],
  ])
  const events = [...new Map([...named, ...ofCases].map((event) => [event.id, event])).values()].sort((a, b) => b.id - a.id)
  const userIds = [...new Set(events.map((event) => event.userId).filter((id): id is string => Boolean(id)))]
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return notices.map((notice) => {
    const kind = notice.kind as (typeof PRIVACY_NOTICE_KINDS)[number]
    const source =
      notice.auditEventId !== null
        ? events.find((event) => event.id === notice.auditEventId)
        : events.find((event) => event.caseId === notice.caseId && event.action === SOURCE_ACTION[kind] && event.at <= notice.createdAt)
    let reason: string | null = null
    try {
      const details = source?.details ? (JSON.parse(source.details) as { reason?: unknown }) : null
      reason = typeof details?.reason === 'string' ? details.reason : null
    } catch {
      reason = null
    }
    return {
      id: notice.id,
      kind,
      caseId: notice.caseId,
      pseudonymCode: notice.case?.client.pseudonymCode ?? null,
      at: notice.createdAt.toISOString(),
      read: Boolean(notice.readAt),
      by: source?.userId ? (names.get(source.userId) ?? null) : null,
      reason,
    }
  })
}

const MINUTE = 60_000
const T0 = Date.now() - 1000 * MINUTE

async function world() {
  const { eae, rostock } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const counsellor = await createUser({ teamId: eae.id, displayName: 'Cem Kollege' })
  const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
  const gone = await createUser({ teamId: rostock.id, displayName: 'Gerd Gegangen' })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const quiet = await createTestCase({ teamId: eae.id })
  // the app's own writes: an emergency access and an erasure request (notices without an event id)
  await grantEmergencyAccess({ actor: { id: counsellor.id, role: 'COUNSELLOR', teamId: eae.id }, caseId: kase.id, reason: 'DEADLINE' })
  await requestErasure({ actor: { id: counsellor.id, role: 'COUNSELLOR', teamId: eae.id }, caseId: kase.id, clientId: kase.clientId })
  const event = (userId: string | null, action: string, details: string | null, caseId: string | null = null, minutes = 0) =>
    prisma.auditEvent.create({
      data: { userId, action, entity: 'user', entityId: lead.id, caseId, outcome: 'SUCCESS', details, at: new Date(T0 + minutes * MINUTE) },
      select: { id: true },
    })
  const moved = await event(admin.id, 'user.update', JSON.stringify({ teamId: eae.id, previousTeamId: rostock.id, role: 'TEAM_LEAD', previousRole: 'COUNSELLOR' }))
  const byGone = await event(gone.id, 'user.update', JSON.stringify({ role: 'COUNSELLOR', teamId: 'no-such-team' }))
  const broken = await event(admin.id, 'user.update', '{not json')
  const transfer = await event(gone.id, 'case.transfer', JSON.stringify({ reason: 'MOVE' }), quiet.id, 5)
  await event(admin.id, 'case.transfer', JSON.stringify({ reason: 'LATER' }), quiet.id, 500) // after the notice: not its source
  await event(admin.id, 'case.assign', '[1,', quiet.id, 6)
  await prisma.user.delete({ where: { id: gone.id } })
  const notice = (userId: string, kind: string, minutes: number, more: Record<string, unknown> = {}) =>
    prisma.notification.create({ data: { userId, kind, createdAt: new Date(T0 + minutes * MINUTE), ...more } })
  for (const reader of [lead, counsellor, admin]) {
    await notice(reader.id, 'ACCOUNT_CREATED', 1, { subjectUserId: reader.id, auditEventId: moved.id })
    await notice(reader.id, 'ROLE_GRANTED', 2, { subjectUserId: counsellor.id, auditEventId: byGone.id, readAt: new Date(T0 + 3 * MINUTE) })
    await notice(reader.id, 'TEAM_CHANGED', 3, { subjectUserId: lead.id, auditEventId: moved.id })
    await notice(reader.id, 'PASSWORD_RESET', 4, { subjectUserId: 'no-such-user', auditEventId: broken.id })
    await notice(reader.id, 'SECOND_FACTOR_RESET', 4, { subjectUserId: null, auditEventId: 999_999 })
    await notice(reader.id, 'SECOND_FACTOR_RESET', 5) // no account, no event
  }
  await notice(lead.id, 'TRANSFER_IN', 10, { caseId: quiet.id })
  await notice(lead.id, 'TRANSFER_IN', 11, { caseId: quiet.id, auditEventId: transfer.id, readAt: new Date(T0 + 12 * MINUTE) })
  await notice(lead.id, 'QUEUED', 12, { caseId: quiet.id })
  await notice(lead.id, 'QUEUED', 13) // a notice without its case
  await notice(lead.id, 'ASSIGNED', 14, { caseId: kase.id }) // not a privacy notice
  return { lead, counsellor, admin }
}

describe('/privacy/notices from the connection', () => {
  test('every reader gets what the ORM reads gave, also beyond a page of notices', async () => {
    const { lead, counsellor, admin } = await world()
    for (const reader of [lead, counsellor, admin]) {
      expect(await listAccessNotices(reader.id)).toEqual(await ormAccessNotices(reader.id))
      expect(await listPrivacyNotices(reader.id)).toEqual(await ormPrivacyNotices(reader.id))
    }
    // the data covers what it should
    const privacy = await listPrivacyNotices(lead.id)
    // newest first; the events by a deleted account name nobody, a later event is not a source
    expect(privacy.map(({ kind, by, reason }) => `${kind} ${by} ${reason}`)).toEqual([
      'ERASURE_REQUESTED Cem Kollege null',
      'EMERGENCY_ACCESS Cem Kollege DEADLINE',
      'QUEUED null null',
      `QUEUED ${admin.displayName} null`,
      'TRANSFER_IN null MOVE',
      'TRANSFER_IN null MOVE',
    ])
    const access = await listAccessNotices(lead.id)
    expect(access.find((notice) => notice.kind === 'TEAM_CHANGED')).toMatchObject({ team: expect.any(String), previousTeam: expect.any(String), by: expect.any(String) })
    expect(access.filter((notice) => notice.subject === null)).toHaveLength(3)
    // 130 more notices of each list: the newest 100 of each, as before
    await prisma.notification.createMany({
      data: Array.from({ length: 130 }, (_, index) => [
        { userId: lead.id, kind: 'TRANSFER_IN', createdAt: new Date(T0 + (20 + index) * MINUTE) },
        { userId: lead.id, kind: 'PASSWORD_RESET', subjectUserId: counsellor.id, createdAt: new Date(T0 + (20 + index) * MINUTE) },
      ]).flat(),
    })
    expect(await listAccessNotices(lead.id)).toHaveLength(100)
    expect(await listAccessNotices(lead.id)).toEqual(await ormAccessNotices(lead.id))
    expect(await listPrivacyNotices(lead.id)).toEqual(await ormPrivacyNotices(lead.id))
  })

  test('its statements bind every value out of the planner\'s sight, and answer and plan as with plain values', async () => {
    const { lead } = await world()
    for (const statistics of [false, true]) {
      // with statistics: samples (STAT4), as a used installation has
      if (statistics) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(() => Promise.all([listAccessNotices(lead.id), listPrivacyNotices(lead.id)]), 'SELECT')
      // the two lists, the teams, the events named and of the cases, their authors
      expect(caught).toHaveLength(6)
      await expectBoundOutsideThePlanner(caught)
      for (const { sql, values, plan } of caught) expect(await planFor(sql.replaceAll('+?', '?'), values), sql).toBe(plan)
    }
  })

  // Session 24: the accounts are read by their key without the statement naming the key's index
  // (SQLite's automatic name depends on the order of the table's constraints), whatever User's
  // statistics say: none, one account, a few, many.
  test("the access notices' accounts by the User key, the notices by the reader's index, whatever the statistics", async () => {
    const { lead } = await world()
    const expected = await ormAccessNotices(lead.id)
    const userKey = await primaryKeyIndex('User')
    const byKey = (alias: string) => `SEARCH ${alias} USING INDEX ${userKey} (id=?)`
    for (const stat of [null, '1 1', '3 1', '100000 1']) {
      await setTableStatistics('User', stat)
      let notices: Awaited<ReturnType<typeof listAccessNotices>> = []
      const caught = await plansOf(async () => {
        notices = await listAccessNotices(lead.id)
      }, 'AS subjectName')
      expect(caught).toHaveLength(1)
      expect(caught[0]!.plan.split(' | '), String(stat)).toEqual([
        'SEARCH n USING INDEX Notification_userId_readAt_idx (userId=?)',
        'SEARCH e USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN',
        'CORRELATED SCALAR SUBQUERY 1',
        byKey('su'),
        'CORRELATED SCALAR SUBQUERY 2',
        byKey('su'),
        'CORRELATED SCALAR SUBQUERY 3',
        byKey('bu'),
        'USE TEMP B-TREE FOR ORDER BY',
      ])
      expect(notices).toEqual(expected)
    }
  })
})
