import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { today } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as contactLoader } from './cases.$caseId.contacts.$contactId.tsx'
import { action as newContactAction } from './cases.$caseId.contacts.new.tsx'
import { loader as mediationLoader } from './cases.$caseId.mediation.$mediationId.tsx'
import { action as newMediationAction, loader as newMediationLoader } from './cases.$caseId.mediation.new.tsx'
import { loader as furtherCaseLoader } from './cases.$caseId.new-case.tsx'

// Decision 101 in the case forms beyond the master-data and contact forms (session 16): the contact
// edit, the language mediation's request and detail, the further case. Each carries one language list.

type Languages = { common: unknown[]; all?: string }
type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>

async function loadBoth(loader: Loader, userId: string, path: string, params: Record<string, string>, languagesOf: (loaded: never) => Languages) {
  const load = async (dataRequest: boolean) => {
    const { result } = await inRequest(async () => (await loader({ request: await requestAs(userId, path), params, context: {} })) as Record<string, unknown>, { dataRequest })
    // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
    const sent = (await decode(encode(result))).value as Record<string, unknown>
    return { result, sent, languages: languagesOf(result as never), sentLanguages: languagesOf(sent as never) }
  }
  return { data: await load(true), document: await load(false) }
}

/** The list is rendered from in both, sent in a `.data` answer only; everything else is sent alike. */
function expectListInMarkupOnly({ data, document }: Awaited<ReturnType<typeof loadBoth>>, withoutList: (sent: Record<string, unknown>) => unknown) {
  expect(data.languages.all!.split('\n').length).toBeGreaterThan(600)
  expect(document.languages.all).toBe(data.languages.all)
  expect(data.sentLanguages).toEqual(data.languages)
  expect(document.sentLanguages).toEqual({ common: data.languages.common })
  expect(withoutList(document.sent)).toEqual(withoutList(data.sent))
  expect(JSON.stringify(document.sent).length).toBeLessThan(JSON.stringify(data.sent).length - 5_000)
}

async function setup() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages: ['prs'], openedAt: new Date(Date.now() - 30 * 86_400_000) })
  return { eae, counsellor, kase }
}

describe('case forms leave their language list to the markup in a document (decision 101)', () => {
  test('the contact edit form', async () => {
    const { counsellor, kase } = await setup()
    const form = { date: today().day, durationMinutes: '45', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', languageCode: 'prs', interpreting: 'NONE', nextStep: 'Termin', topicIds: [String(await catalogueId('TOPIC', 'HOUSING'))] }
    const created = await settle(newContactAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/contacts/new`, { form }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(created)).toBe(302)
    const contact = await prisma.contact.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const both = await loadBoth(contactLoader as Loader, counsellor.id, `/cases/${kase.id}/contacts/${contact.id}`, { caseId: kase.id, contactId: contact.id }, (loaded: { form: { languages: Languages } }) => loaded.form.languages)
    expectListInMarkupOnly(both, (sent) => ({ ...sent, form: { ...(sent.form as object), languages: null } }))
  })

  test('the language mediation request and its detail page', async () => {
    const { counsellor, kase } = await setup()
    const path = `/cases/${kase.id}/mediation/new`
    expectListInMarkupOnly(await loadBoth(newMediationLoader as Loader, counsellor.id, path, { caseId: kase.id }, (loaded: { languages: Languages }) => loaded.languages), (sent) => ({ ...sent, languages: null }))
    const form = { languageCode: 'arb', mode: 'PHONE', providerKind: 'POOL', requestedAt: today().day }
    expect(statusOf(await settle(newMediationAction({ request: await requestAs(counsellor.id, path, { form }), params: { caseId: kase.id }, context: {} })))).toBe(302)
    const mediation = await prisma.languageMediation.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const detail = `/cases/${kase.id}/mediation/${mediation.id}`
    const params = { caseId: kase.id, mediationId: mediation.id }
    expectListInMarkupOnly(await loadBoth(mediationLoader as Loader, counsellor.id, detail, params, (loaded: { languages: Languages }) => loaded.languages), (sent) => ({ ...sent, languages: null }))
  })

  test('the further case of a recorded client', async () => {
    const { counsellor, kase } = await setup()
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'CLOSED', closedAt: new Date() } })
    const both = await loadBoth(furtherCaseLoader as Loader, counsellor.id, `/cases/${kase.id}/new-case`, { caseId: kase.id }, (loaded: { languages: Languages }) => loaded.languages)
    expectListInMarkupOnly(both, (sent) => ({ ...sent, languages: null }))
  })
})
