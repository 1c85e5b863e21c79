import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import yauzl from 'yauzl'
import { prisma } from '#app/utils/db.server.ts'
import { storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { addIdentity, fillCaseFile, FREE_TEXT } from '#tests/privacy-fixtures.ts'
import { loader as exportLoader } from './cases.$caseId.export[.]json.ts'
import { loader as zipLoader } from './cases.$caseId.export[.]zip.ts'
import { loader as pageLoader } from './cases.$caseId.subject-access.tsx'

describe('data-subject access (Art. 15)', () => {
  test('the JSON export holds the whole file, the identity and the access trail', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Bea Beraterin' })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages: ['arb', 'kmr'] })
    await fillCaseFile({ caseId: kase.id, userId: counsellor.id, teamId: eae.id })
    await addIdentity({ caseId: kase.id, clientId: kase.clientId, userId: counsellor.id, teamId: eae.id })
    // A second case of the same client at another team: listed, not opened.
    await prisma.case.create({
      data: { clientId: kase.clientId, teamId: rostock.id, openedAt: new Date('2024-01-01'), startPlace: 'OTHER', kind: 'SHORT', programme: 'MBE', accessRoute: 'OTHER', germanLevel: 'A1' },
    })

    const request = await requestAs(counsellor.id, `/cases/${kase.id}/export.json`)
    const response = (await exportLoader({ request, params: { caseId: kase.id }, context: {} })) as Response
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    const file = await response.json()
    expect(file.client).toMatchObject({ pseudonymCode: kase.pseudonymCode, birthYear: 1990, languages: ['arb', 'kmr'] })
    expect(file.identity).toEqual({ name: 'Amina Al-Hassan', dateOfBirth: '1987-04-12', phone: '0381 123' })
    expect(file.residenceHistory).toHaveLength(1)
    expect(file.cases).toHaveLength(1)
    const [own] = file.cases
    expect(own.contacts[0]).toMatchObject({ durationMinutes: 45, confidentialNote: `${FREE_TEXT} note`, nextStep: `${FREE_TEXT} step`, author: 'Bea Beraterin' })
    for (const part of ['followUps', 'assignments', 'transfers', 'consents', 'referrals', 'mediations']) expect(own[part], part).toHaveLength(1)
    expect(own.plan.goals).toHaveLength(1)
    const text = JSON.stringify(file)
    for (const kind of ['note', 'step', 'follow-up', 'assignment', 'handover', 'goal', 'purpose', 'reason', 'dialect']) expect(text).toContain(`${FREE_TEXT} ${kind}`)
    expect(file.otherCases).toEqual([{ team: 'Beratungsstelle Rostock', openedAt: '2024-01-01T00:00:00.000Z' }])
    expect(file.accessLog.map((event: { action: string }) => event.action)).toEqual(['identity.create', 'case.subject-access'])
    expect(file.accessLog[0].user).toBe('Bea Beraterin')

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.subject-access' } })
    expect(JSON.parse(event.details!)).toEqual({ format: 'json', cases: 1, identity: 'included', notesWithheld: 0 })
  })

  test("another case of the client that the user reads but whose notes they may not read: the note's existence, not its text", async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lea Leitung' })
    const colleague = await createUser({ teamId: eae.id, displayName: 'Kai Kollege' })
    // the team lead counsels this case (roles combine: subject access is theirs) …
    const own = await createTestCase({ teamId: eae.id, counsellorId: lead.id })
    // … and the same client has a second case in the team, counselled by a colleague
    const other = await prisma.case.create({
      data: { clientId: own.clientId, teamId: eae.id, counsellorId: colleague.id, openedAt: new Date('2024-01-01'), startPlace: 'OTHER', kind: 'SHORT', programme: 'MBE', accessRoute: 'OTHER', germanLevel: 'A1' },
      select: { id: true },
    })
    await fillCaseFile({ caseId: other.id, userId: colleague.id, teamId: eae.id })

    const request = await requestAs(lead.id, `/cases/${own.id}/export.json`)
    const file = await ((await exportLoader({ request, params: { caseId: own.id }, context: {} })) as Response).json()
    expect(file.cases).toHaveLength(2)
    const second = file.cases.find((kase: { id: string }) => kase.id === other.id)
    expect(second.contacts[0]).toMatchObject({ confidentialNote: null, confidentialNoteWithheld: true, nextStep: `${FREE_TEXT} step` })
    expect(JSON.stringify(file)).not.toContain(`${FREE_TEXT} note`)
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.subject-access', userId: lead.id } })
    expect(JSON.parse(event.details!)).toMatchObject({ cases: 2, notesWithheld: 1 })
  })

  test('only the assigned counsellor (or substitute); the identity is left out when it cannot be decrypted', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, sharedForSubstitution: true })
    await addIdentity({ caseId: kase.id, clientId: kase.clientId, userId: counsellor.id, teamId: eae.id })
    await prisma.identityKey.update({ where: { clientId: kase.clientId }, data: { authTag: Buffer.alloc(16).toString('base64') } })

    for (const user of [lead, colleague]) {
      const request = await requestAs(user.id, `/cases/${kase.id}/subject-access`)
      expect(statusOf(await settle(pageLoader({ request, params: { caseId: kase.id }, context: {} })))).toBe(404)
    }
    const request = await requestAs(counsellor.id, `/cases/${kase.id}/subject-access`)
    const page = (await pageLoader({ request, params: { caseId: kase.id }, context: {} })) as { file: { identity: unknown; identityStatus: string } }
    expect(page.file.identity).toBeNull()
    expect(page.file.identityStatus).toBe('undecryptable')
  })
})

/** Every entry of a ZIP with its content. */
async function unzip(buffer: Buffer) {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))))
  const entries: Record<string, Buffer> = {}
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error)
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          entries[entry.fileName] = Buffer.concat(chunks)
          zip.readEntry()
        })
      })
    })
    zip.on('end', resolve)
    zip.on('error', reject)
    zip.readEntry()
  })
  return entries
}

describe('data-subject access with documents', () => {
  test('the ZIP holds the JSON and every document decrypted; a damaged one is named, not included; each is audited', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await fillCaseFile({ caseId: kase.id, userId: counsellor.id, teamId: eae.id })
    const consent = await prisma.consent.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
    const scan = await addDocument({ actor, caseId: kase.id, kindCode: 'CONSENT_SIGNED', linkTo: `consent:${consent.id}`, description: 'unterschrieben' })
    const photo = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.png, kindCode: 'RESIDENCE_DOCUMENT' })
    const damaged = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.jpeg })
    const { storageName } = await prisma.document.findUniqueOrThrow({ where: { id: damaged }, select: { storageName: true } })
    const bytes = fs.readFileSync(storagePath(storageName))
    bytes[0] = bytes[0]! ^ 0xff
    fs.writeFileSync(storagePath(storageName), bytes)

    const forLead = await settle(zipLoader({ request: await requestAs(lead.id, `/cases/${kase.id}/export.zip`), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(forLead)).toBe(404)

    const response = (await zipLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}/export.zip`), params: { caseId: kase.id }, context: {} })) as Response
    expect(response.headers.get('Content-Type')).toBe('application/zip')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="auskunft-.+\.zip"$/)
    const entries = await unzip(Buffer.from(await response.arrayBuffer()))
    const file = JSON.parse(entries['auskunft.json']!.toString('utf8'))
    const documents = file.cases[0].documents as Array<{ id: string; kind: string; file: string | null; problem: string | null; description: string | null }>
    expect(documents.map(({ id, kind, problem, description }) => ({ id, kind, problem, description }))).toEqual([
      { id: scan, kind: 'Einwilligung unterschrieben', problem: null, description: 'unterschrieben' },
      { id: photo, kind: 'Aufenthaltsdokument', problem: null, description: 'Seite 1' },
      { id: damaged, kind: 'Sonstiges', problem: 'damaged', description: 'Seite 1' },
    ])
    expect(Object.keys(entries).sort()).toEqual(['auskunft.json', documents[0]!.file!, documents[1]!.file!].sort())
    expect(documents[0]!.file).toMatch(/^dokumente\/consent-signed-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf$/)
    expect(entries[documents[0]!.file!]).toEqual(SAMPLE_FILES.pdf)
    expect(entries[documents[1]!.file!]).toEqual(SAMPLE_FILES.png)
    expect(documents[2]!.file).toBeNull()

    const handedOut = await prisma.auditEvent.findMany({ where: { action: 'document.subject-access' }, select: { entityId: true, outcome: true }, orderBy: { id: 'asc' } })
    expect(handedOut).toEqual([
      { entityId: scan, outcome: 'SUCCESS' },
      { entityId: photo, outcome: 'SUCCESS' },
      { entityId: damaged, outcome: 'FAILED' },
    ])
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.subject-access' } })
    expect(JSON.parse(event.details!)).toMatchObject({ format: 'zip', cases: 1 })
  })
})
