import { describe, expect, test } from 'vitest'
import { auditActionOptions } from '#app/components/audit-action-options.ts'
import { AUDIT_ACTIONS, auditActionKey } from '#app/domain/audit-actions.ts'
import { today } from '#app/domain/follow-up.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { generatePseudonymCode } from '#app/domain/pseudonym-code.ts'
import { AUDIT_COUNT_CAP, AUDIT_PAGE_SIZE, getAuditFilterOptions, instantText, listAuditEvents, parseAuditFilter, streamAuditCsv } from '#app/models/audit-log.server.ts'
import { getFixedT, languageCookie } from '#app/utils/i18n.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { asTheBrowserReads, expectLeftToTheMarkup } from '#tests/rows-in-markup.ts'
import { loader as exportLoader } from './admin.audit.export[.]csv.ts'
import { loader } from './admin.audit.tsx'

type Page = {
  total: number
  capped: boolean
  more: boolean
  page: number
  pages: number
  events: Array<{ id: number; action: string; actionLabel: string; object: string; code: string | null; details: string; emergency: boolean; userName: string | null }>
  users: Array<{ id: string; displayName: string; email: string }>
}

async function view(userId: string, query = '') {
  const request = await requestAs(userId, `/admin/audit${query}`)
  return settle(loader({ request, params: {}, context: {} }))
}

describe('audit viewer', () => {
  test('filters, paginates newest first and highlights emergency accesses', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Counsellor' })
    for (let index = 0; index < 60; index += 1) await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', entityId: `c${index}`, caseId: `c${index}` })
    await audit({ userId: counsellor.id, action: 'case.emergency-access', entity: 'case', caseId: 'c7', emergency: true })
    await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', caseId: 'c8', outcome: 'DENIED' })

    const first = (await view(admin.id, `?user=${counsellor.id}`)) as Page
    expect(first.total).toBe(62)
    expect(first.pages).toBe(2)
    expect(first.events).toHaveLength(50)
    expect(first.events[0]!.action).toBe('case.read')
    expect(first.events[1]).toMatchObject({ action: 'case.emergency-access', emergency: true, userName: 'Carla Counsellor' })
    const ids = first.events.map((event) => event.id)
    expect([...ids].sort((a, b) => b - a)).toEqual(ids)

    const second = (await view(admin.id, `?user=${counsellor.id}&page=2`)) as Page
    expect(second.events).toHaveLength(12)

    // without a filter: every event, counted exactly below the cap (from the index of the time)
    const everything = await prisma.auditEvent.count()
    expect(everything).toBe(62)
    expect(((await view(admin.id)) as Page).total).toBe(everything)
    expect(((await view(admin.id, '?emergency=on')) as Page).total).toBe(1)
    expect(((await view(admin.id, '?caseId=c8')) as Page).total).toBe(2)
    expect(first.events[1]).toMatchObject({ actionLabel: 'Notfallzugriff auf Fallakte', object: 'Fall', code: 'gelöschter Fall' })
    expect(((await view(admin.id, '?caseId=c8&outcome=DENIED')) as Page).total).toBe(1)
    // the filter's days are days in Germany: just after midnight there, the UTC date is still yesterday's
    const day = today().day
    expect(((await view(admin.id, `?user=${counsellor.id}&from=${day}&to=${day}`)) as Page).total).toBe(62)
    expect(((await view(admin.id, `?user=${counsellor.id}&to=2000-01-01`)) as Page).total).toBe(0)
    // Malformed parameters are ignored, not an error page.
    expect(statusOf(await view(admin.id, '?page=abc&outcome=MAYBE&from=yesterday'))).toBe(200)
  })

  test('a log longer than the count cap: "more than 10,000", and the pages go on while events remain; every action is a filter choice', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const extra = AUDIT_PAGE_SIZE + 10
    await prisma.auditEvent.createMany({
      data: Array.from({ length: AUDIT_COUNT_CAP + extra }, (_, index) => ({ userId: admin.id, action: 'case.read', entity: 'case', caseId: `k${index}` })),
    })
    const all = await prisma.auditEvent.count()
    const first = (await view(admin.id)) as Page
    expect(first).toMatchObject({ total: AUDIT_COUNT_CAP, capped: true, more: true, page: 1, pages: AUDIT_COUNT_CAP / AUDIT_PAGE_SIZE })
    const lastPage = Math.ceil(all / AUDIT_PAGE_SIZE)
    const beyond = (await view(admin.id, `?page=${lastPage - 1}`)) as Page
    expect(beyond).toMatchObject({ page: lastPage - 1, more: true })
    expect(beyond.events).toHaveLength(AUDIT_PAGE_SIZE)
    const last = (await view(admin.id, `?page=${lastPage}`)) as Page
    expect(last.more).toBe(false)
    expect(last.events).toHaveLength(all - (lastPage - 1) * AUDIT_PAGE_SIZE)
    // a filter below the cap counts exactly again
    expect((await view(admin.id, '?caseId=k7')) as Page).toMatchObject({ total: 1, capped: false, more: false })
    // the action filter's choices are made where the page renders, not sent with the page's data
    expect(first).not.toHaveProperty('options')
    const t = await getFixedT(await requestAs(admin.id, '/admin/audit'), 'privacy')
    expect(auditActionOptions('de', t).map((option) => option.value).sort()).toEqual([...AUDIT_ACTIONS].sort())
  })

  test('the unfiltered page (read as arrays, decision 197) shows every event as the filtered page, read by the ORM, does; the user filter\'s choices are the users as the ORM reads them', async () => {
    const { eae, rostock } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Counsellor' })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const t = await getFixedT(await requestAs(admin.id, '/admin/audit'), 'privacy')
    // every column distinct from its neighbours, NULL where it may be, both outcomes and the emergency flag
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000)
    await prisma.auditEvent.createMany({
      data: [
        { at: at(9), userId: counsellor.id, action: 'case.read', entity: 'case', entityId: kase.id, caseId: kase.id, requestId: 'req-1' },
        { at: at(8), userId: null, action: 'user.update', entity: 'user', entityId: counsellor.id, outcome: 'FAILED', details: JSON.stringify({ fields: ['role'] }) },
        { at: at(7), userId: admin.id, action: 'case.emergency-access', entity: 'case', entityId: null, caseId: kase.id, emergency: true, details: JSON.stringify({ reason: 'x' }), requestId: 'req-2' },
        { at: at(6), userId: counsellor.id, action: 'case.transfer-request', entity: 'transfer', entityId: 'tr1', caseId: kase.id, outcome: 'DENIED', details: JSON.stringify({ toTeamId: rostock.id, reason: 'MOVE' }) },
      ],
    })
    const unfiltered = await listAuditEvents(parseAuditFilter(new URLSearchParams()), t)
    const filtered = await listAuditEvents(parseAuditFilter(new URLSearchParams('from=2000-01-01')), t)
    expect(unfiltered.events.length).toBeGreaterThanOrEqual(4)
    expect(unfiltered.events).toEqual(filtered.events)
    expect(unfiltered.events.slice(0, 4).map((event) => [event.emergency, event.outcome, event.userName])).toEqual([
      [false, 'DENIED', 'Carla Counsellor'],
      [true, 'SUCCESS', 'Ada Admin'],
      [false, 'FAILED', null],
      [false, 'SUCCESS', 'Carla Counsellor'],
    ])

    // the labels as `t` gives them, each value asked once a page (session 26): every row its own
    const words = (key: string, value: string) => t(key, { defaultValue: value })
    expect(unfiltered.events.slice(0, 4).map((event) => [event.actionLabel, event.object, event.outcomeLabel])).toEqual([
      [words(`privacy:${auditActionKey('case.transfer-request')}`, 'case.transfer-request'), words('privacy:auditWords.entity.transfer', 'transfer'), words('privacy:audit.outcome.DENIED', 'DENIED')],
      [words(`privacy:${auditActionKey('case.emergency-access')}`, 'case.emergency-access'), words('privacy:auditWords.entity.case', 'case'), words('privacy:audit.outcome.SUCCESS', 'SUCCESS')],
      [words(`privacy:${auditActionKey('user.update')}`, 'user.update'), `${words('privacy:auditWords.entity.user', 'user')}: Carla Counsellor`, words('privacy:audit.outcome.FAILED', 'FAILED')],
      [words(`privacy:${auditActionKey('case.read')}`, 'case.read'), words('privacy:auditWords.entity.case', 'case'), words('privacy:audit.outcome.SUCCESS', 'SUCCESS')],
    ])
    expect(new Set(unfiltered.events.slice(0, 4).map((event) => event.actionLabel)).size).toBe(4)
    // the users as the ORM reads them, in the same order (names, then e-mail addresses, are distinct here)
    expect((await getAuditFilterOptions()).users).toEqual(
      await prisma.user.findMany({ select: { id: true, displayName: true, email: true }, orderBy: { displayName: 'asc' } }),
    )
  })

  test('the unfiltered count at the cap\'s edge: exactly 10,000 events are counted, one more is "more than 10,000"', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const t = await getFixedT(await requestAs(admin.id, '/admin/audit'), 'privacy')
    const add = (n: number) =>
      prisma.auditEvent.createMany({ data: Array.from({ length: n }, (_, index) => ({ userId: admin.id, action: 'case.read', entity: 'case', caseId: `e${index}` })) })
    const counted = async () => {
      const { total, capped, pages } = await listAuditEvents(parseAuditFilter(new URLSearchParams()), t)
      return { total, capped, pages }
    }
    const present = await prisma.auditEvent.count()
    expect(present).toBeLessThan(AUDIT_COUNT_CAP)
    if (present > 0) expect(await counted()).toEqual({ total: present, capped: false, pages: Math.ceil(present / AUDIT_PAGE_SIZE) })
    await add(AUDIT_COUNT_CAP - 1 - present)
    expect(await counted()).toEqual({ total: AUDIT_COUNT_CAP - 1, capped: false, pages: AUDIT_COUNT_CAP / AUDIT_PAGE_SIZE })
    await add(1)
    expect(await counted()).toEqual({ total: AUDIT_COUNT_CAP, capped: false, pages: AUDIT_COUNT_CAP / AUDIT_PAGE_SIZE })
    await add(1)
    expect(await counted()).toEqual({ total: AUDIT_COUNT_CAP, capped: true, pages: AUDIT_COUNT_CAP / AUDIT_PAGE_SIZE })
  })

  test('a document leaves the events and the user filter\'s choices to the markup; a `.data` answer carries them; an empty page\'s events stay in both (decisions 161, 101)', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Counsellor' })
    await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', caseId: 'c1' })
    await audit({ userId: counsellor.id, action: 'case.emergency-access', entity: 'case', caseId: 'c1', emergency: true })
    const load = async (dataRequest: boolean, query: string) => {
      const { result } = await inRequest(async () => (await view(admin.id, query)) as Page, { dataRequest })
      return { result, sent: await asTheBrowserReads(result) }
    }
    // the events and the user filter's choices (every user, read back from the select; session 25)
    const { data } = await expectLeftToTheMarkup((dataRequest: boolean) => load(dataRequest, `?user=${counsellor.id}`), ['events', 'users'])
    expect(data.result.events).toHaveLength(2)
    expect(data.result.users).toEqual(await prisma.user.findMany({ select: { id: true, displayName: true, email: true }, orderBy: { displayName: 'asc' } }))
    expect(data.result.users.map((user) => user.id)).toContain(counsellor.id)
    // No events, no table body to read them back from: the empty list is sent; the users still are not.
    const empty = await load(false, `?user=${counsellor.id}&action=case.create`)
    expect(empty.sent.events).toEqual([])
    expect(empty.sent).not.toHaveProperty('users')
    expect(empty.result.users).toEqual(data.result.users)
  })

  test('only administrators; the CSV export is audited', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    expect(statusOf(await view(lead.id))).toBe(403)
    await audit({ userId: lead.id, action: 'case.read', entity: 'case', caseId: 'x1', details: { fields: ['a;b'] } })

    const request = await requestAs(admin.id, `/admin/audit/export.csv?user=${lead.id}`)
    const response = (await settle(exportLoader({ request, params: {}, context: {} }))) as Response
    expect(response.headers.get('Content-Type')).toContain('text/csv')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith('Zeitpunkt;Benutzer/in;Aktion;Objekt;Code der Person;Ergebnis;Notfallzugriff;Details;Anfrage-Nr.')).toBe(true)
    const lines = text.trim().split('\r\n')
    // header, then newest first: the case read, the lead's denied page view — in words, no JSON
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(';Fallakte angesehen;Fall;gelöschter Fall;erfolgreich;nein;"Felder: a;b";')
    expect(lines[2]).toContain(';Zugriff verweigert;Seite;;verweigert;nein;')
    expect(text).not.toContain('{')
    const exported = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'audit.export' } })
    expect(JSON.parse(exported.details!)).toEqual({ rows: 2, filters: ['userId'] })

    const leadRequest = await requestAs(lead.id, '/admin/audit/export.csv')
    expect(statusOf(await settle(exportLoader({ request: leadRequest, params: {}, context: {} })))).toBe(403)
  })

  test('filter by the pseudonym code as people type it, also a merged one; ids become codes and names', async () => {
    const { eae, rostock } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Cem Counsellor' })
    const code = generatePseudonymCode()
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const client = { id: kase.clientId }
    await prisma.client.update({ where: { id: client.id }, data: { pseudonymCode: code } })
    const merged = generatePseudonymCode()
    await prisma.clientCodeAlias.create({ data: { pseudonymCode: merged, clientId: client.id } })
    const other = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', entityId: kase.id, caseId: kase.id })
    await audit({ userId: counsellor.id, action: 'identity.reveal', entity: 'identityKey', entityId: client.id, caseId: kase.id, details: { purpose: 'subject-access' } })
    await audit({ userId: counsellor.id, action: 'case.transfer-request', entity: 'transfer', entityId: 'tr1', caseId: kase.id, details: { toTeamId: rostock.id, reason: 'MOVE' } })
    await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', entityId: other.id, caseId: other.id })

    const typed = code.toLowerCase().replaceAll('-', ' ')
    const page = (await view(admin.id, `?code=${encodeURIComponent(typed)}`)) as Page
    expect(page.total).toBe(3)
    expect(page.events.map((event) => [event.actionLabel, event.code, event.details])).toEqual([
      ['Übergabe angefragt', code, 'an Team: Beratungsstelle Rostock · Grund: Umzug'],
      ['Zuordnungsschlüssel angezeigt', code, 'Zweck: Auskunft nach Art. 15 DSGVO'],
      ['Fallakte angesehen', code, ''],
    ])
    expect(page.events[0]!.userName).toBe('Cem Counsellor')
    expect(((await view(admin.id, `?code=${merged}`)) as Page).total).toBe(3)
    expect(((await view(admin.id, `?code=${merged}&action=case.read`)) as Page).total).toBe(1)
    expect(((await view(admin.id, '?code=ZZZZ-ZZZZ-Z')) as Page).total).toBe(0)
    // the action filter offers labels, not keys
    const actions = auditActionOptions('de', await getFixedT(await requestAs(admin.id, '/admin/audit'), 'privacy'))
    expect(actions).toContainEqual({ value: 'identity.reveal', label: 'Zuordnungsschlüssel angezeigt' })

    const english = await requestAs(admin.id, `/admin/audit?code=${code}`)
    english.headers.set('Cookie', `${english.headers.get('Cookie')}; ${await languageCookie.serialize('en')}`)
    const translated = (await settle(loader({ request: english, params: {}, context: {} }))) as Page
    expect(translated.events.map((event) => event.actionLabel)).toContain('Identity key shown')
    // each language's choices in its own words, sorted by label (made once per language)
    const englishActions = auditActionOptions('en', await getFixedT(english, 'privacy'))
    expect(englishActions).toContainEqual({ value: 'identity.reveal', label: 'Identity key shown' })
    for (const [options, language] of [[actions, 'de'], [englishActions, 'en']] as const) {
      const labels = options.map((option) => option.label)
      expect(labels).toEqual([...labels].sort(new Intl.Collator(language).compare))
    }
    expect(auditActionOptions('de', await getFixedT(await requestAs(admin.id, '/admin/audit'), 'privacy'))).toBe(actions)
  })

  test('the CSV is streamed a page of rows at a time, in the words of the page', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Sina Stream' })
    for (let index = 0; index < 25; index += 1) await audit({ userId: counsellor.id, action: 'contact.read', entity: 'contact', caseId: `s${index}` })
    const t = await getFixedT(await requestAs(admin.id, '/admin/audit'), 'privacy')
    const stream = await streamAuditCsv(admin, parseAuditFilter(new URLSearchParams(`user=${counsellor.id}`)), t, { pageRows: 10 })
    const reader = stream.getReader()
    const decoder = new TextDecoder()
    const chunks: string[] = []
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value))
    // header, then pages of 10, 10 and 5 rows: each read of the response fetched one page
    expect(chunks.map((chunk) => chunk.split('\r\n').length - 1)).toEqual([1, 10, 10, 5])
    expect(chunks[1]).toContain(';Sina Stream;Kontakt angesehen;Kontakt;gelöschter Fall;erfolgreich;nein;;')
    // rows written after the export began are not part of it: the count audited is the count written
    const exported = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'audit.export', userId: admin.id } })
    expect(JSON.parse(exported.details!)).toEqual({ rows: 25, filters: ['userId'] })
  })
})

// The page's times from the stored text (session 30): what a Date made of it writes (`toISOString`), for every form.
test('instantText: the stored time as toISOString writes it, whatever its form', () => {
  const stored = [
    '2026-12-05T19:30:00.123+00:00',
    '2026-01-01T00:00:00.000+00:00',
    '1999-12-31T23:59:59.999+00:00',
    '2026-12-05T19:30:00.123Z',
    '2026-12-05T20:30:00.123+01:00',
    '2026-12-05T19:30:00+00:00',
    '2026-12-05T19:30:00.1+00:00',
    '2026-12-05 19:30:00',
  ]
  for (const text of stored) expect(instantText(text)).toBe(new Date(text).toISOString())
  expect(() => instantText('not a time')).toThrow(RangeError)
  expect(() => new Date('not a time').toISOString()).toThrow(RangeError)
})
