// The consent record shows its signed scan (issue 17): the assigned counsellor gets the way to the
// document and its download; a team lead sees only that a scan exists — no description, no way to
// the file — the same rule as the documents tab.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams, requestAs, settle } from '#tests/factories.ts'
import { loader as consentsLoader } from './cases.$caseId.consents._index.tsx'
import { loader as downloadLoader } from './cases.$caseId.documents.$documentId_.download.ts'

type Scan = { id: string; kind: string; createdAt: string; detailHref: string | null; downloadHref: string | null }
type Page = { scans: Record<string, Scan[]>; consents: Array<{ id: string; attachScanHref: string | null }> }

async function page(userId: string, caseId: string) {
  const result = await settle(consentsLoader({ request: await requestAs(userId, `/cases/${caseId}/consents`), params: { caseId }, context: {} }))
  if (result instanceof Response) throw new Error(`consents page answered ${result.status}`)
  return JSON.parse(JSON.stringify(result)) as Page
}

async function setUp() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const consent = await prisma.consent.create({
    data: { caseId: kase.id, purpose: 'Anmeldung', dataCategories: 'IDENTITY', form: 'WRITTEN', givenAt: new Date('2026-03-02T10:00:00Z') },
    select: { id: true },
  })
  const oral = await prisma.consent.create({
    data: { caseId: kase.id, purpose: 'Rückruf', dataCategories: 'IDENTITY', form: 'ORAL', givenAt: new Date('2026-03-03T10:00:00Z') },
    select: { id: true },
  })
  const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
  const scanId = await addDocument({ actor, caseId: kase.id, kindCode: 'CONSENT_SIGNED', linkTo: `consent:${consent.id}`, description: 'Seite 1–2' })
  // a document of the case that belongs to no consent is not shown there
  await addDocument({ actor, caseId: kase.id, kindCode: 'OTHER' })
  return { counsellor, lead, kase, consent, oral, scanId }
}

describe('the consents page and the signed scan', () => {
  test('the assigned counsellor sees the scan with its way to the document and its download, which works', async () => {
    const { counsellor, kase, consent, oral, scanId } = await setUp()
    const data = await page(counsellor.id, kase.id)
    expect(data.scans).toEqual({
      [consent.id]: [
        {
          id: scanId,
          kind: 'Einwilligung unterschrieben',
          createdAt: expect.any(String),
          detailHref: `/cases/${kase.id}/documents/${scanId}`,
          downloadHref: `/cases/${kase.id}/documents/${scanId}/download`,
        },
      ],
    })
    expect(JSON.stringify(data.scans)).not.toContain('Seite 1–2')
    // The download link leads to the file, as an attachment.
    const download = (await settle(
      downloadLoader({ request: await requestAs(counsellor.id, data.scans[consent.id]![0]!.downloadHref!), params: { caseId: kase.id, documentId: scanId }, context: {} }),
    )) as Response
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Disposition')).toMatch(/^attachment; /)
    await download.arrayBuffer()

    // "attach the signed scan": only for a written consent, to the upload form with kind and link chosen
    const attach = Object.fromEntries(data.consents.map((entry) => [entry.id, entry.attachScanHref]))
    expect(attach[oral.id]).toBeNull()
    const target = new URL(attach[consent.id]!, 'http://localhost')
    expect(target.pathname).toBe(`/cases/${kase.id}/documents`)
    expect(Object.fromEntries(target.searchParams)).toEqual({ kind: 'CONSENT_SIGNED', linkTo: `consent:${consent.id}` })
  })

  test('a team lead sees only that the scan exists: no description, no link to it', async () => {
    const { lead, kase, consent, scanId } = await setUp()
    const data = await page(lead.id, kase.id)
    expect(data.scans).toEqual({
      [consent.id]: [{ id: scanId, kind: 'Einwilligung unterschrieben', createdAt: expect.any(String), detailHref: null, downloadHref: null }],
    })
    expect(JSON.stringify(data)).not.toContain('Seite 1–2')
    // A lead may write to the team's cases and so add a scan, as on the documents tab — not open one.
    expect(data.consents.find((entry) => entry.id === consent.id)!.attachScanHref).toContain(`linkTo=consent%3A${consent.id}`)
    // and the file itself stays closed to the lead
    const download = await settle(
      downloadLoader({ request: await requestAs(lead.id, `/cases/${kase.id}/documents/${scanId}/download`), params: { caseId: kase.id, documentId: scanId }, context: {} }),
    )
    expect(download instanceof Response ? download.status : 200).not.toBe(200)
  })
})
