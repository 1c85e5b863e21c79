import { describe, expect, test, vi } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { resetSecondFactor, saveSecondFactorPolicy, secondFactorRequiredFor } from '#app/models/second-factor.server.ts'
import { login } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { RECOVERY_CODES_FLASH_MS } from '#app/utils/recovery-codes-flash.server.ts'
import { createTestCase, createUser, enrolSecondFactor, getTeams, requestAs, settle, statusOf, TEST_PASSWORD } from '#tests/factories.ts'
import { stepOf, totpAt } from '#tests/totp-reference.ts'
import { loader as casesLoader } from './cases._index.tsx'
import { action as loginAction } from './login.tsx'
import { action as verifyAction, loader as verifyLoader } from './login_.verify.tsx'
import { action as adminUserAction } from './admin.users.$userId.tsx'
import { loader as noticesLoader } from './privacy.notices.tsx'
import { action as securityAction, loader as securityLoader } from './settings.security.tsx'

/** Signs in with the password through the login route; returns the cookie and where it leads. */
async function signInWithPassword(email: string) {
  const form = new URLSearchParams({ email, password: TEST_PASSWORD, redirectTo: '/cases' })
  const response = (await settle(loginAction({ request: new Request('http://localhost/login', { method: 'POST', body: form }), params: {}, context: {} }))) as Response
  return { cookie: response.headers.get('Set-Cookie')!.split(';')[0]!, location: response.headers.get('Location') }
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) })
}

async function submitCode(cookie: string, fields: Record<string, string>) {
  return settle(verifyAction({ request: post('/login/verify', cookie, { redirectTo: '/cases', ...fields }), params: {}, context: {} }))
}

const errorsOf = (result: unknown) => (result as { data: { result: { error: Record<string, string[]> } } }).data.result.error

type SecurityPage = { data: { shownOnce: { codes: string[]; continueTo: string | null } | null }; init: { headers: HeadersInit } }

/** The security page as the browser loads it with the given cookies. */
async function securityPage(location: string, cookies: Array<string | undefined>) {
  const request = new Request(`http://localhost${location}`, { headers: { Cookie: cookies.filter(Boolean).join('; ') } })
  return (await securityLoader({ request, params: {}, context: {} })) as unknown as SecurityPage
}

/**
 * Confirms an enrolment with the code as the browser does without JavaScript: the action redirects,
 * setting the (new) session and the one-time flash; the page it leads to shows the recovery codes.
 */
async function confirmEnrolment(cookie: string, code: string) {
  const response = (await settle(securityAction({ request: post('/settings/security', cookie, { intent: 'confirm', code, redirectTo: '/cases' }), params: {}, context: {} }))) as Response
  expect(response.status).toBe(302)
  const location = response.headers.get('Location')!
  const set = response.headers.getSetCookie().map((header) => header.split(';')[0]!)
  const session = set.find((value) => value.startsWith('wb_session=')) ?? cookie
  const flash = set.find((value) => value.startsWith('wb_recovery_codes='))
  const page = await securityPage(location, [session, flash])
  return { location, cookie: session, flash, shown: page.data.shownOnce, clears: new Headers(page.init.headers).get('Set-Cookie') }
}

/** Starts and confirms an enrolment through the page. */
async function enrolThroughPage(cookie: string) {
  await settle(securityAction({ request: post('/settings/security', cookie, { intent: 'start' }), params: {}, context: {} }))
  const { secret } = await prisma.totpCredential.findFirstOrThrow({ where: { confirmedAt: null }, select: { secret: true }, orderBy: { createdAt: 'desc' } })
  return { secret, confirmed: await confirmEnrolment(cookie, totpAt(secret)) }
}

describe('second factor at sign-in', () => {
  test('password, then the code: a new full session; the half session could open nothing', async () => {
    const { eae } = await getTeams()
    const user = await createUser({ teamId: eae.id })
    const secret = await enrolSecondFactor(user.id)
    const { cookie, location } = await signInWithPassword(user.email)
    expect(location).toBe('/login/verify?redirectTo=%2Fcases')

    // the half signed-in session reaches nothing but this page
    const cases = await settle(casesLoader({ request: new Request('http://localhost/cases', { headers: { Cookie: cookie } }), params: {}, context: {} }))
    expect((cases as Response).headers.get('Location')).toBe('/login/verify?redirectTo=%2Fcases')
    expect(statusOf(await settle(verifyLoader({ request: new Request('http://localhost/login/verify', { headers: { Cookie: cookie } }), params: {}, context: {} })))).toBe(200)

    const done = (await submitCode(cookie, { code: totpAt(secret) })) as Response
    expect(done.headers.get('Location')).toBe('/cases')
    const fresh = done.headers.get('Set-Cookie')!.split(';')[0]!
    expect(fresh).not.toBe(cookie)
    const sessions = await prisma.session.findMany({ where: { userId: user.id }, select: { pendingStep: true } })
    expect(sessions).toEqual([{ pendingStep: null }])
    expect(statusOf(await settle(casesLoader({ request: new Request('http://localhost/cases', { headers: { Cookie: fresh } }), params: {}, context: {} })))).toBe(200)
    // the old cookie named the pending session, which is gone
    const stale = await settle(casesLoader({ request: new Request('http://localhost/cases', { headers: { Cookie: cookie } }), params: {}, context: {} }))
    expect((stale as Response).headers.get('Location')).toMatch(/^\/login\?reason=revoked/)
    const events = await prisma.auditEvent.findMany({ where: { userId: user.id, action: { startsWith: 'auth.' } }, select: { action: true, details: true }, orderBy: { id: 'asc' } })
    expect(events).toEqual([
      { action: 'auth.password', details: JSON.stringify({ next: 'TOTP' }) },
      { action: 'auth.login', details: JSON.stringify({ secondFactor: 'totp' }) },
    ])
  })

  test('a code cannot be used twice, not even in a second sign-in within its window; an expired code is refused', async () => {
    const user = await createUser()
    const secret = await enrolSecondFactor(user.id)
    const code = totpAt(secret)
    const first = await signInWithPassword(user.email)
    expect(statusOf(await submitCode(first.cookie, { code }))).toBe(302)

    const second = await signInWithPassword(user.email)
    const replayed = await submitCode(second.cookie, { code })
    expect(statusOf(replayed)).toBe(400)
    expect(errorsOf(replayed).code).toEqual(['auth:secondFactor.errors.invalid'])
    expect(statusOf(await submitCode(second.cookie, { code: totpAt(secret, stepOf() - 2) }))).toBe(400)
    // the next step's code is still good
    expect(statusOf(await submitCode(second.cookie, { code: totpAt(secret, stepOf() + 1) }))).toBe(302)
    const failures = await prisma.auditEvent.findMany({ where: { userId: user.id, action: 'auth.second-factor', outcome: 'FAILED' }, select: { details: true } })
    expect(failures.map((event) => JSON.parse(event.details!).reason)).toEqual(['replay', 'code'])
  })

  test('the same code sent twice at once signs in once', async () => {
    const user = await createUser()
    const secret = await enrolSecondFactor(user.id)
    const code = totpAt(secret)
    const [a, b] = [await signInWithPassword(user.email), await signInWithPassword(user.email)]
    const results = await Promise.all([submitCode(a.cookie, { code }), submitCode(b.cookie, { code })])
    expect(results.map(statusOf).sort()).toEqual([302, 400])
    expect(await prisma.session.count({ where: { userId: user.id, pendingStep: null } })).toBe(1)
  })

  test('wrong codes count toward the lock, in parallel too; a locked account is signed out and refused even the right code', async () => {
    const user = await createUser()
    const secret = await enrolSecondFactor(user.id)
    const { cookie } = await signInWithPassword(user.email)
    const wrong = totpAt(secret) === '000000' ? '111111' : '000000'
    const results = await Promise.all(Array.from({ length: 4 }, () => submitCode(cookie, { code: wrong })))
    expect(results.map(statusOf)).toEqual([400, 400, 400, 400])
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).failedLoginCount).toBe(4)
    const fifth = (await submitCode(cookie, { code: wrong })) as Response
    expect(fifth.headers.get('Location')).toBe('/login?reason=locked')
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { userId: user.id, action: 'auth.lock' } })).toBe(1)
    // the right password now meets the lock; the right code cannot be tried
    const again = await login({ email: user.email, password: TEST_PASSWORD, secondFactorRequired: secondFactorRequiredFor })
    expect(again).toEqual({ ok: false, reason: 'locked' })
  })

  test('a right password in between does not reset the count of wrong codes', async () => {
    const user = await createUser()
    const secret = await enrolSecondFactor(user.id)
    const wrong = totpAt(secret) === '000000' ? '111111' : '000000'
    for (let round = 0; round < 2; round++) {
      const { cookie } = await signInWithPassword(user.email)
      await submitCode(cookie, { code: wrong })
      await submitCode(cookie, { code: wrong })
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).failedLoginCount).toBe(4)
  })

  test('recovery codes: each signs in once; the second use of one is refused and counted', async () => {
    const user = await createUser()
    const { cookie: enrolCookie } = await signInWithPassword(user.email)
    const { confirmed } = await enrolThroughPage(enrolCookie)
    const codes = confirmed.shown!.codes
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    // only hashes are stored
    const stored = await prisma.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } })
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.replace(/-/g, ''))

    const first = await signInWithPassword(user.email)
    const used = (await submitCode(first.cookie, { intent: 'recovery', recoveryCode: ` ${codes[0]!.toLowerCase()} ` })) as Response
    expect(used.headers.get('Location')).toBe('/settings/security?recoveryUsed=9&redirectTo=%2Fcases')
    const second = await signInWithPassword(user.email)
    const again = await submitCode(second.cookie, { intent: 'recovery', recoveryCode: codes[0]! })
    expect(statusOf(again)).toBe(400)
    expect(errorsOf(again).recoveryCode).toEqual(['auth:secondFactor.errors.recoveryInvalid'])
    expect(statusOf(await submitCode(second.cookie, { intent: 'recovery', recoveryCode: codes[1]! }))).toBe(302)
    expect(await prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(8)
  })
})

describe('enrolment and enforcement', () => {
  test('required for everyone who sees cases by default: a counsellor without a factor is led to enrolment, which completes the sign-in', async () => {
    const user = await createUser()
    const { cookie, location } = await signInWithPassword(user.email)
    expect(location).toBe('/settings/security?redirectTo=%2Fcases')
    const cases = await settle(casesLoader({ request: new Request('http://localhost/cases', { headers: { Cookie: cookie } }), params: {}, context: {} }))
    expect((cases as Response).headers.get('Location')).toBe('/settings/security?redirectTo=%2Fcases')
    // nothing but the enrolment: no new recovery codes, no switching off
    expect(statusOf(await settle(securityAction({ request: post('/settings/security', cookie, { intent: 'disable', code: '123456' }), params: {}, context: {} })))).toBe(403)

    const page = (await securityLoader({ request: new Request('http://localhost/settings/security', { headers: { Cookie: cookie } }), params: {}, context: {} })) as unknown as { data: { enrolment: unknown; enrolmentPending: boolean } }
    expect(page.data).toMatchObject({ enrolment: null, enrolmentPending: true })

    // a wrong first code is refused and changes nothing
    await settle(securityAction({ request: post('/settings/security', cookie, { intent: 'start' }), params: {}, context: {} }))
    const started = (await securityLoader({ request: new Request('http://localhost/settings/security', { headers: { Cookie: cookie } }), params: {}, context: {} })) as unknown as { data: { enrolment: { secret: string; qrCode: string } } }
    expect(started.data.enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(Buffer.from(started.data.enrolment.qrCode.split(',')[1]!, 'base64').toString()).toMatch(/^<svg/)
    const secret = started.data.enrolment.secret.replace(/ /g, '')
    const wrong = totpAt(secret) === '000000' ? '111111' : '000000'
    const refused = await settle(securityAction({ request: post('/settings/security', cookie, { intent: 'confirm', code: wrong }), params: {}, context: {} }))
    expect(errorsOf(refused).code).toEqual(['auth:secondFactor.errors.invalid'])

    // the enrolment ends the half session: the codes reach the page through a one-time flash for the new one
    const confirmed = await confirmEnrolment(cookie, totpAt(secret))
    expect(confirmed.location).toBe('/settings/security?redirectTo=%2Fcases')
    expect(confirmed.cookie).not.toBe(cookie)
    expect(confirmed.shown?.continueTo).toBe('/cases')
    expect(confirmed.shown?.codes).toHaveLength(10)
    // the page clears the flash: a reload shows no codes, nor does the flash with another session
    expect(confirmed.clears).toMatch(/^wb_recovery_codes=;.*Max-Age=0/)
    expect((await securityPage(confirmed.location, [confirmed.cookie])).data.shownOnce).toBeNull()
    const other = await createUser()
    await enrolSecondFactor(other.id)
    const someoneElse = (await requestAs(other.id, '/')).headers.get('Cookie')!
    expect((await securityPage(confirmed.location, [someoneElse, confirmed.flash])).data.shownOnce).toBeNull()
    // the codes are not readable in the cookie; one changed byte of the ciphertext is refused by the authentication tag
    const value = confirmed.flash!.slice('wb_recovery_codes='.length)
    expect(Buffer.from(decodeURIComponent(value), 'base64').toString()).not.toContain(confirmed.shown!.codes[0]!)
    const [iv, tag, sealed] = (JSON.parse(Buffer.from(decodeURIComponent(value), 'base64').toString()) as string).split('.') as [string, string, string]
    const flipped = `${iv}.${tag}.${sealed.startsWith('A') ? 'B' : 'A'}${sealed.slice(1)}`
    const tampered = `wb_recovery_codes=${encodeURIComponent(Buffer.from(JSON.stringify(flipped)).toString('base64'))}`
    expect((await securityPage(confirmed.location, [confirmed.cookie, tampered])).data.shownOnce).toBeNull()
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + RECOVERY_CODES_FLASH_MS + 1_000)
    expect((await securityPage(confirmed.location, [confirmed.cookie, confirmed.flash])).data.shownOnce).toBeNull()
    vi.restoreAllMocks()
    const fresh = confirmed.cookie
    expect(statusOf(await settle(casesLoader({ request: new Request('http://localhost/cases', { headers: { Cookie: fresh } }), params: {}, context: {} })))).toBe(200)
    expect(await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { confirmedAt: true } })).toMatchObject({ confirmedAt: expect.any(Date) })
    // the next sign-in asks for the code
    expect((await signInWithPassword(user.email)).location).toBe('/login/verify?redirectTo=%2Fcases')
  })

  // six password checks (bcrypt, cost 12) in one test
  test('by role and setting: administrators and team leads always; counsellors unless the setting says privileged only', { timeout: scaledAtStart(60_000) }, async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const lead = await createUser({ role: 'TEAM_LEAD' })
    const counsellor = await createUser()
    await saveSecondFactorPolicy({ userId: admin.id, policy: 'PRIVILEGED' })
    const steps = async () =>
      Promise.all([admin, lead, counsellor].map(async (user) => ((await login({ email: user.email, password: TEST_PASSWORD, secondFactorRequired: secondFactorRequiredFor })) as { pendingStep: string | null }).pendingStep))
    expect(await steps()).toEqual(['ENROL', 'ENROL', null])
    await saveSecondFactorPolicy({ userId: admin.id, policy: 'ALL' })
    expect(await steps()).toEqual(['ENROL', 'ENROL', 'ENROL'])
    expect(await prisma.auditEvent.count({ where: { action: 'settings.second-factor' } })).toBe(2)
  })

  test('switching off is refused where it is required, allowed with a code where it is not', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const counsellor = await createUser()
    const secret = await enrolSecondFactor(counsellor.id)
    const cookie = (await requestAs(counsellor.id, '/')).headers.get('Cookie')!
    const disable = () => settle(securityAction({ request: post('/settings/security', cookie, { intent: 'disable', code: totpAt(secret, stepOf()) }), params: {}, context: {} }))
    expect(errorsOf(await disable()).code).toEqual(['auth:secondFactor.errors.required'])
    await saveSecondFactorPolicy({ userId: admin.id, policy: 'PRIVILEGED' })
    expect(statusOf(await disable())).toBe(200)
    expect(await prisma.totpCredential.count({ where: { userId: counsellor.id } })).toBe(0)
  })
})

describe('administrator resets a second factor', () => {
  test('with four eyes: the team lead and the user are told; sessions end; the next sign-in enrols anew', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Anna Admin' })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const user = await createUser({ teamId: eae.id, displayName: 'Bea Beraterin' })
    await enrolSecondFactor(user.id)
    await createTestCase({ teamId: eae.id, counsellorId: user.id })
    await requestAs(user.id, '/')

    const reset = async (form: Record<string, string>) =>
      settle(adminUserAction({ request: await requestAs(admin.id, `/admin/users/${user.id}`, { form }), params: { userId: user.id }, context: {} }))
    expect(statusOf(await reset({ intent: 'reset-second-factor' }))).toBe(400)
    expect(await prisma.totpCredential.count({ where: { userId: user.id } })).toBe(1)
    const done = (await reset({ intent: 'reset-second-factor', confirm: 'on' })) as { message: { key: string; count: number } }
    expect(done.message).toMatchObject({ key: 'users.secondFactor.reset', count: 2 })
    expect(await prisma.totpCredential.count({ where: { userId: user.id } })).toBe(0)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    expect((await prisma.notification.findMany({ where: { kind: 'SECOND_FACTOR_RESET' }, select: { userId: true } })).map((n) => n.userId).sort()).toEqual([lead.id, user.id].sort())

    // four eyes (decision 018): the team lead reads who reset whose factor, with role and team
    const notices = (await noticesLoader({ request: await requestAs(lead.id, '/privacy/notices'), params: {}, context: {} })) as {
      accessNotices: Array<{ kind: string; subject: { displayName: string } | null; by: string | null; role: string | null; team: string | null; ownAccount: boolean }>
    }
    expect(notices.accessNotices).toEqual([
      expect.objectContaining({ kind: 'SECOND_FACTOR_RESET', subject: expect.objectContaining({ displayName: 'Bea Beraterin' }), by: 'Anna Admin', role: 'COUNSELLOR', team: eae.name, ownAccount: false }),
    ])

    // the next sign-in: first the new factor (nothing else is possible), then the notice
    const { cookie, location } = await signInWithPassword(user.email)
    expect(location).toBe('/settings/security?redirectTo=%2Fcases')
    const { confirmed } = await enrolThroughPage(cookie)
    expect(confirmed.shown?.continueTo).toBe('/privacy/notices?redirectTo=%2Fcases')
    const fresh = confirmed.cookie
    const told = (await noticesLoader({ request: new Request('http://localhost/privacy/notices?redirectTo=%2Fcases', { headers: { Cookie: fresh } }), params: {}, context: {} })) as typeof notices & { continueTo: string | null }
    expect(told.continueTo).toBe('/cases')
    expect(told.accessNotices).toEqual([expect.objectContaining({ kind: 'SECOND_FACTOR_RESET', ownAccount: true, by: 'Anna Admin' })])

    // no administrator resets their own
    await enrolSecondFactor(admin.id)
    const own = await resetSecondFactor({ admin, userId: admin.id })
    expect(own).toEqual({ ok: false, error: 'self' })
  })
})
