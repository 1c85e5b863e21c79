import fs from 'node:fs'
import { describe, expect, test, vi } from 'vitest'
import { grantEmergencyAccess } from '#app/models/emergency-access.server.ts'
import { freezeYearForRetention, planRetention, runRetention } from '#app/models/retention.server.ts'
import { resources } from '#app/locales/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv, parseEnv } from '#app/utils/env.server.ts'
import { listStore, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument, documentKindId, uploadRequest, type UploadFile } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams, requestAs, sessionCookieFor, settle, statusOf } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { closeCase } from '#tests/privacy-fixtures.ts'
import { action as detailAction, loader as detailLoader } from './cases.$caseId.documents.$documentId.tsx'
import { loader as downloadLoader } from './cases.$caseId.documents.$documentId_.download.ts'
import { loader as previewLoader } from './cases.$caseId.documents.$documentId_.preview.ts'
import { action as uploadAction, loader as listLoader } from './cases.$caseId.documents._index.tsx'
import { action as transferAction } from './cases.$caseId.transfer.tsx'

type ListData = { documents: Array<{ id: string; description: string | null; kind: string }>; canOpen: boolean; canUpload: boolean }

async function upload(userId: string, caseId: string, files: UploadFile[], fields: Record<string, string>) {
  const request = uploadRequest(`/cases/${caseId}/documents?index`, { files, fields, cookie: await sessionCookieFor(userId) })
  return settle(uploadAction({ request, params: { caseId }, context: {} }))
}

async function list(userId: string, caseId: string) {
  const result = await settle(listLoader({ request: await requestAs(userId, `/cases/${caseId}/documents`), params: { caseId }, context: {} }))
  return result instanceof Response ? result : ((result as unknown as { data: ListData }).data)
}

async function download(userId: string, caseId: string, documentId: string) {
  return (await settle(downloadLoader({ request: await requestAs(userId, `/cases/${caseId}/documents/${documentId}/download`), params: { caseId, documentId }, context: {} }))) as Response
}

async function setUp() {
  const teams = await getTeams()
  const counsellor = await createUser({ teamId: teams.eae.id, displayName: 'Bea Beraterin' })
  const colleague = await createUser({ teamId: teams.eae.id })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id })
  const otherTeam = await createUser({ teamId: teams.rostock.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
  return { teams, counsellor, colleague, lead, otherTeam, kase, actor: { id: counsellor.id, role: counsellor.role, teamId: teams.eae.id } }
}

describe('documents in the case file', () => {
  test('the assigned counsellor uploads several files at once; they are listed, downloadable as attachments, every download audited', async () => {
    const { counsellor, kase } = await setUp()
    const kindId = String(await documentKindId('BAMF_DECISION'))
    const result = await upload(counsellor.id, kase.id, [{ name: 'Bescheid Amina.pdf', bytes: SAMPLE_FILES.pdf }, { name: 'IMG_4711.HEIC', bytes: SAMPLE_FILES.heic }], { kindId, description: 'Seiten 1–2' })
    expect((result as Response).headers.get('Location')).toBe(`/cases/${kase.id}/documents?uploaded=2`)

    const page = (await list(counsellor.id, kase.id)) as ListData
    expect(page.canOpen).toBe(true)
    expect(page.documents).toHaveLength(2)
    expect(page.documents.every((document) => document.description === 'Seiten 1–2' && document.kind === 'Bescheid BAMF')).toBe(true)
    // the original file name is nowhere in the database
    const rows = await prisma.document.findMany({ select: { id: true, mediaType: true, description: true, storageName: true } })
    expect(JSON.stringify(rows)).not.toContain('Amina')
    expect(rows.map((row) => row.mediaType).sort()).toEqual(['application/pdf', 'image/heic'])

    const pdf = rows.find((row) => row.mediaType === 'application/pdf')!
    const response = await download(counsellor.id, kase.id, pdf.id)
    expect(response.status).toBe(200)
    expect(Object.fromEntries(['Content-Type', 'Content-Disposition', 'X-Content-Type-Options', 'Content-Security-Policy', 'Cache-Control'].map((name) => [name, response.headers.get(name)]))).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Disposition': expect.stringMatching(/^attachment; filename="bamf-decision-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf"$/),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'no-store',
    })
    expect(Buffer.from(await response.arrayBuffer())).toEqual(SAMPLE_FILES.pdf)
    await download(counsellor.id, kase.id, pdf.id).then((again) => again.arrayBuffer())
    const downloads = await prisma.auditEvent.findMany({ where: { action: 'document.download', entityId: pdf.id }, select: { userId: true, caseId: true, outcome: true } })
    expect(downloads).toEqual([
      { userId: counsellor.id, caseId: kase.id, outcome: 'SUCCESS' },
      { userId: counsellor.id, caseId: kase.id, outcome: 'SUCCESS' },
    ])
  })

  test('bad input: a clear error per file, the other values kept, nothing stored', async () => {
    const { counsellor, kase } = await setUp()
    const kindId = String(await documentKindId())
    const result = await upload(counsellor.id, kase.id, [{ name: 'bescheid.pdf', bytes: SAMPLE_FILES.exe }, { name: 'gut.pdf', bytes: SAMPLE_FILES.pdf }, { name: 'leer.pdf', bytes: new Uint8Array(0) }], {
      kindId,
      description: 'Seite 3',
    })
    expect(statusOf(result)).toBe(400)
    const body = (result as unknown as { data: { result: { initialValue: Record<string, unknown>; error: Record<string, string[]> }; rejected: unknown } }).data
    expect(body.rejected).toEqual([
      { name: 'bescheid.pdf', problem: 'type' },
      { name: 'leer.pdf', problem: 'empty' },
    ])
    expect(body.result.error.files).toEqual(['documents:errors.files'])
    expect(body.result.initialValue).toMatchObject({ kindId, description: 'Seite 3' })
    expect(await prisma.document.count()).toBe(0)
    expect(listStore().files).toEqual([])

    const noKind = await upload(counsellor.id, kase.id, [{ name: 'gut.pdf', bytes: SAMPLE_FILES.pdf }], {})
    expect(statusOf(noKind)).toBe(400)
    expect((noKind as unknown as { data: { result: { error: Record<string, string[]> } } }).data.result.error.kindId).toEqual(['documents:errors.kind'])
    const noFile = await upload(counsellor.id, kase.id, [{ name: '', bytes: new Uint8Array(0) }], { kindId })
    expect((noFile as unknown as { data: { result: { error: Record<string, string[]> } } }).data.result.error.files).toEqual(['documents:errors.noFile'])
    // a link to another case's record is refused
    const other = await createTestCase({ teamId: (await getTeams()).eae.id, counsellorId: counsellor.id })
    const foreignContact = await prisma.contact.create({ data: { caseId: other.id, date: new Date(), durationMinutes: 10, mode: 'PHONE', setting: 'INDIVIDUAL' }, select: { id: true } })
    const foreign = await upload(counsellor.id, kase.id, [{ name: 'gut.pdf', bytes: SAMPLE_FILES.pdf }], { kindId, linkTo: `contact:${foreignContact.id}` })
    expect((foreign as unknown as { data: { result: { error: Record<string, string[]> } } }).data.result.error.linkTo).toEqual(['documents:errors.link'])
    expect(await prisma.document.count()).toBe(0)
    expect(listStore().files).toEqual([])
    expect(fs.readdirSync(`${process.env.DOCUMENT_DIR}/.incoming`)).toEqual([])
  })

  test('attached to a referral, a mediation or a contact of the case: stored and listed with the link; one of another case is refused next to the field, nothing stored', async () => {
    const { counsellor, kase } = await setUp()
    const kindId = String(await documentKindId('REPORT'))
    const records = async (caseId: string) => ({
      contact: await prisma.contact.create({ data: { caseId, date: new Date('2026-04-07T00:00:00Z'), durationMinutes: 30, mode: 'IN_PERSON', setting: 'INDIVIDUAL' }, select: { id: true } }),
      referral: await prisma.referral.create({ data: { caseId, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', anonymous: true, sentAt: new Date('2026-04-08T00:00:00Z') }, select: { id: true } }),
      mediation: await prisma.languageMediation.create({ data: { caseId, languageCode: 'arb', mode: 'PHONE', providerKind: 'POOL', requestedAt: new Date('2026-04-09T00:00:00Z') }, select: { id: true } }),
    })
    const own = await records(kase.id)
    const other = await createTestCase({ teamId: (await getTeams()).eae.id, counsellorId: counsellor.id })
    const foreign = await records(other.id)
    const kinds = ['contact', 'referral', 'mediation'] as const

    for (const kind of kinds) {
      const refused = await upload(counsellor.id, kase.id, [{ name: 'bericht.pdf', bytes: SAMPLE_FILES.pdf }], { kindId, description: 'Bericht', linkTo: `${kind}:${foreign[kind].id}` })
      expect(statusOf(refused)).toBe(400)
      const body = (refused as unknown as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }).data.result
      expect(body.error.linkTo).toEqual(['documents:errors.link'])
      expect(body.initialValue).toMatchObject({ kindId, description: 'Bericht' })
    }
    expect(await prisma.document.count()).toBe(0)
    expect(listStore().files).toEqual([])
    expect(fs.readdirSync(`${process.env.DOCUMENT_DIR}/.incoming`)).toEqual([])

    for (const kind of kinds) {
      const result = await upload(counsellor.id, kase.id, [{ name: `${kind}.pdf`, bytes: SAMPLE_FILES.pdf }], { kindId, linkTo: `${kind}:${own[kind].id}` })
      expect((result as Response).headers.get('Location')).toBe(`/cases/${kase.id}/documents?uploaded=1`)
    }
    const page = (await list(counsellor.id, kase.id)) as unknown as { documents: Array<{ link: { kind: string; id: string; date: string } | null }> }
    expect(page.documents.map((document) => document.link).sort((a, b) => a!.kind.localeCompare(b!.kind))).toEqual([
      { kind: 'contact', id: own.contact.id, date: '2026-04-07T00:00:00.000Z' },
      { kind: 'mediation', id: own.mediation.id, date: '2026-04-09T00:00:00.000Z' },
      { kind: 'referral', id: own.referral.id, date: '2026-04-08T00:00:00.000Z' },
    ])
    const rows = await prisma.document.findMany({ select: { contactId: true, referralId: true, mediationId: true, consentId: true } })
    expect(rows).toHaveLength(3)
    expect(rows).toEqual(
      expect.arrayContaining([
        { contactId: own.contact.id, referralId: null, mediationId: null, consentId: null },
        { contactId: null, referralId: own.referral.id, mediationId: null, consentId: null },
        { contactId: null, referralId: null, mediationId: own.mediation.id, consentId: null },
      ]),
    )
    expect(listStore().files).toHaveLength(3)
  })

  test('a nearly full disk: 507 with the translated message before the body is read, nothing stored', async () => {
    const { counsellor, kase } = await setUp()
    const kindId = String(await documentKindId())
    // 40 kB free on the document volume, against the production reserve (the tests run without one)
    vi.spyOn(fs, 'statfsSync').mockReturnValue({ bavail: 10, bsize: 4096 } as ReturnType<typeof fs.statfsSync>)
    const env = getEnv()
    const reserve = env.DOCUMENT_MIN_FREE_BYTES
    env.DOCUMENT_MIN_FREE_BYTES = parseEnv({}).DOCUMENT_MIN_FREE_BYTES
    try {
      const result = await upload(counsellor.id, kase.id, [{ name: 'scan.pdf', bytes: SAMPLE_FILES.pdf }], { kindId, description: 'Seite 1' })
      expect(statusOf(result)).toBe(507)
      const body = (result as unknown as { data: { result: { error: Record<string, string[]> } }; init: { headers: Record<string, string> } })
      expect(body.data.result.error['']).toEqual(['documents:errors.noSpace'])
      expect(body.init.headers['Cache-Control']).toBe('no-store')
    } finally {
      env.DOCUMENT_MIN_FREE_BYTES = reserve
    }
    expect(resources.de.documents.errors.noSpace).toBe('Der Speicherplatz für Dokumente ist fast voll; es wurde nichts gespeichert. Bitte wenden Sie sich an die Administration.')
    expect(resources.en.documents.errors.noSpace).toBe('The storage for documents is nearly full; nothing was stored. Please contact the administration.')
    expect(await prisma.document.count()).toBe(0)
    expect(listStore().files).toEqual([])
  })

  test('parallel uploads to one case are all stored, each exactly once', async () => {
    const { counsellor, kase } = await setUp()
    const kindId = String(await documentKindId())
    const results = await Promise.all(Array.from({ length: 6 }, (_, index) => upload(counsellor.id, kase.id, [{ name: `scan-${index}.pdf`, bytes: SAMPLE_FILES.pdf }], { kindId })))
    expect(results.map(statusOf)).toEqual(Array(6).fill(302))
    expect(await prisma.document.count({ where: { caseId: kase.id } })).toBe(6)
    expect(listStore().files).toHaveLength(6)
    expect(await prisma.auditEvent.count({ where: { action: 'document.upload', caseId: kase.id } })).toBe(6)
  })

  test('who may open: the assigned counsellor and the substitute; the team lead and a colleague of a shared case see only that a document exists', async () => {
    const { teams, counsellor, colleague, lead, otherTeam, kase, actor } = await setUp()
    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    const id = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.png, description: 'Vorderseite' })

    for (const viewer of [lead, colleague]) {
      const page = (await list(viewer.id, kase.id)) as ListData
      expect(page.canOpen).toBe(false)
      expect(page.documents.map((document) => document.description)).toEqual([null])
      expect((await download(viewer.id, kase.id, id)).status).toBe(404)
      const preview = (await settle(previewLoader({ request: await requestAs(viewer.id, `/cases/${kase.id}/documents/${id}/preview`), params: { caseId: kase.id, documentId: id }, context: {} }))) as Response
      expect(preview.status).toBe(404)
    }
    expect(statusOf(await list(otherTeam.id, kase.id))).toBe(404)
    const refused = await prisma.auditEvent.count({ where: { action: 'case.read-confidential', outcome: 'DENIED', caseId: kase.id } })
    expect(refused).toBe(4)

    // the active substitute may open it
    const substitute = await createUser({ teamId: teams.eae.id })
    await prisma.absence.create({ data: { userId: counsellor.id, substituteId: substitute.id, startsOn: new Date(Date.now() - 86400_000), endsOn: new Date(Date.now() + 86400_000) } })
    expect((await download(substitute.id, kase.id, id)).status).toBe(200)
    const preview = (await previewLoader({ request: await requestAs(substitute.id, `/cases/${kase.id}/documents/${id}/preview`), params: { caseId: kase.id, documentId: id }, context: {} })) as Response
    expect(preview.headers.get('Content-Type')).toBe('image/jpeg')
    const jpeg = Buffer.from(await preview.arrayBuffer())
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    expect(await prisma.auditEvent.count({ where: { action: 'document.preview', userId: substitute.id, outcome: 'SUCCESS' } })).toBe(1)
  })

  test('emergency access opens documents, audited as emergency; it cannot delete them', async () => {
    const { colleague, kase, actor } = await setUp()
    const id = await addDocument({ actor, caseId: kase.id })
    expect((await download(colleague.id, kase.id, id)).status).toBe(404)
    await grantEmergencyAccess({ actor: { id: colleague.id, role: colleague.role, teamId: colleague.teamId }, caseId: kase.id, reason: 'CRISIS' })
    const response = await download(colleague.id, kase.id, id)
    expect(response.status).toBe(200)
    await response.arrayBuffer()
    expect(await prisma.auditEvent.findFirst({ where: { action: 'document.download', userId: colleague.id }, select: { emergency: true } })).toEqual({ emergency: true })
    const deleting = await settle(detailAction({ request: await requestAs(colleague.id, `/cases/${kase.id}/documents/${id}`, { form: { intent: 'delete', confirm: 'on' } }), params: { caseId: kase.id, documentId: id }, context: {} }))
    expect(statusOf(deleting)).toBe(404)
    expect(await prisma.document.count()).toBe(1)
  })

  test('deleting needs a confirmation, removes row and file, and is audited', async () => {
    const { counsellor, kase, actor } = await setUp()
    const id = await addDocument({ actor, caseId: kase.id })
    const { storageName } = await prisma.document.findUniqueOrThrow({ where: { id }, select: { storageName: true } })
    const post = async (form: Record<string, string>) =>
      settle(detailAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/documents/${id}`, { form }), params: { caseId: kase.id, documentId: id }, context: {} }))
    expect(statusOf(await post({ intent: 'delete' }))).toBe(400)
    expect(fs.existsSync(storagePath(storageName))).toBe(true)
    expect(((await post({ intent: 'delete', confirm: 'on' })) as Response).headers.get('Location')).toBe(`/cases/${kase.id}/documents?deleted=1`)
    expect(await prisma.document.count()).toBe(0)
    expect(fs.existsSync(storagePath(storageName))).toBe(false)
    expect(await prisma.auditEvent.count({ where: { action: 'document.delete', entityId: id } })).toBe(1)
    expect(statusOf(await post({ intent: 'delete', confirm: 'on' }))).toBe(404)
  })

  test('a damaged file is not handed out: the page says why', async () => {
    const { counsellor, kase, actor } = await setUp()
    const id = await addDocument({ actor, caseId: kase.id })
    const { storageName } = await prisma.document.findUniqueOrThrow({ where: { id }, select: { storageName: true } })
    fs.appendFileSync(storagePath(storageName), 'x')
    const response = await download(counsellor.id, kase.id, id)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/cases/${kase.id}/documents/${id}?problem=damaged`)
    const page = (await detailLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}/documents/${id}?problem=damaged`), params: { caseId: kase.id, documentId: id }, context: {} })) as unknown as { data: { problem: string } }
    expect(page.data.problem).toBe('damaged')
  })

  test('a year of a case: upload, share, transfer, close, retention — who can open the document at each step', async () => {
    const { teams, counsellor, colleague, lead, kase, actor } = await setUp()
    const rostockLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.rostock.id })
    const rostockCounsellor = await createUser({ teamId: teams.rostock.id })
    const opens = async (userId: string) => (await download(userId, kase.id, id)).status

    // created and worked on: the counsellor files the signed consent
    const consent = await prisma.consent.create({ data: { caseId: kase.id, purpose: 'Vermittlung', dataCategories: 'HEALTH', form: 'WRITTEN', givenAt: new Date() }, select: { id: true } })
    const id = await addDocument({ actor, caseId: kase.id, kindCode: 'CONSENT_SIGNED', linkTo: `consent:${consent.id}` })
    expect([await opens(counsellor.id), await opens(lead.id), await opens(colleague.id)]).toEqual([200, 404, 404])

    // shared for substitution: colleagues see the case and that the document exists, not its content
    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    expect(((await list(colleague.id, kase.id)) as ListData).documents).toHaveLength(1)
    expect(await opens(colleague.id)).toBe(404)

    // transferred to Rostock (confirmed after its summary): the old team loses everything; the receiving lead sees it exists; the new counsellor opens it
    const { version } = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { version: true } })
    const transferred = await settle(
      transferAction({
        request: await requestAs(lead.id, `/cases/${kase.id}/transfer`, { form: { intent: 'transfer', toTeamId: teams.rostock.id, reason: 'DISTRIBUTION', version: String(version), confirmed: 'yes' } }),
        params: { caseId: kase.id },
        context: {},
      }),
    )
    expect(statusOf(transferred)).toBe(302)
    expect([await opens(counsellor.id), await opens(lead.id), await opens(rostockLead.id)]).toEqual([404, 404, 404])
    expect(((await list(rostockLead.id, kase.id)) as ListData).documents).toHaveLength(1)
    await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: rostockCounsellor.id } })
    expect(await opens(rostockCounsellor.id)).toBe(200)

    // the counsellor leaves: deactivated, the team lead assigns nobody yet — nobody opens it
    await prisma.user.update({ where: { id: rostockCounsellor.id }, data: { active: false } })
    await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: null } })
    expect(await opens(rostockLead.id)).toBe(404)

    // closed, and after the retention period — once the years it counts in are frozen (decision 016) —
    // the document is gone with its bytes
    await prisma.case.update({ where: { id: kase.id }, data: { openedAt: new Date('2020-02-03T09:00:00Z') } })
    await closeCase(kase.id, new Date('2021-03-01T10:00:00Z'))
    const { storageName } = await prisma.document.findUniqueOrThrow({ where: { id }, select: { storageName: true } })
    const now = new Date('2026-06-01T10:00:00Z')
    const held = await runRetention({ now })
    expect({ held: held.heldBack, documents: held.documents }).toEqual({ held: 1, documents: 0 })
    expect(fs.existsSync(storagePath(storageName))).toBe(true)
    const years = (await planRetention(now)).heldBack.years.map((entry) => entry.year)
    expect(years).toEqual([2020, 2021])
    const admin = await createUser({ role: 'ADMIN', teamId: teams.eae.id })
    for (const year of years) expect(await freezeYearForRetention(year, admin, { now })).toEqual({ ok: true })
    expect(await runRetention({ now })).toMatchObject({ clients: 1, documents: 1, heldBack: 0 })
    expect(await prisma.document.count({ where: { id } })).toBe(0)
    expect(fs.existsSync(storagePath(storageName))).toBe(false)
  })
})
