// Issue 18 end to end through the route modules: consents and privacy information record the texts
// they were given with, old records print their old text, drafts are marked until reviewed, edits
// are versions, and an upgrade never overwrites an administrator's text.
import { describe, expect, test } from 'vitest'
import { todayInput } from '#app/components/referral-fields.tsx'
import { plainText } from '#app/domain/template-markup.ts'
import { privacyInfoSummary, saveTemplateVersion } from '#app/models/consent-template.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { seedConsentTemplates, shippedTexts } from '../../prisma/consent-templates.ts'
import { seedPartners } from '../../prisma/partners.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as templateAction, loader as templateLoader } from './admin.consent-templates.$templateId.tsx'
import { loader as printLoader } from './cases.$caseId.consents.$consentId.print.tsx'
import { action as newConsentAction, loader as newConsentLoader } from './cases.$caseId.consents.new.tsx'
import { loader as privacyPrintLoader } from './cases.$caseId.privacy-information.print.tsx'
import { action as newCaseAction } from './cases.new.tsx'

async function setup(languages = ['deu', 'apc']) {
  await seedPartners()
  const { eae, rostock } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const admin = await createUser({ teamId: eae.id, role: 'ADMIN' })
  const stranger = await createUser({ teamId: rostock.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages })
  const partner = await prisma.partnerOrganisation.findFirstOrThrow({ where: { kind: 'PSYCHOSOCIAL_CENTRE' }, select: { id: true, name: true } })
  const template = await prisma.consentTemplate.findUniqueOrThrow({
    where: { kind_languageCode: { kind: 'CONSENT_PSYCHOSOCIAL', languageCode: 'arb' } },
    select: { id: true },
  })
  return { counsellor, admin, stranger, kase, partner, template }
}

async function giveConsent(userId: string, caseId: string, partnerId: string, languageCode = 'apc') {
  const request = await requestAs(userId, `/cases/${caseId}/consents/new`, {
    form: { recipientType: 'partner', recipientPartnerId: partnerId, purpose: 'Erstgespräch', dataCategories: ['IDENTITY', 'HEALTH'], form: 'WRITTEN', languageCode, givenAt: todayInput(), intent: 'print' },
  })
  const response = (await settle(newConsentAction({ request, params: { caseId }, context: {} }))) as Response
  expect(response.status).toBe(302)
  return response.headers.get('Location')!.split('/')[4]!
}

async function print(userId: string, caseId: string, consentId: string) {
  const request = await requestAs(userId, `/cases/${caseId}/consents/${consentId}/print`)
  return settle(printLoader({ request, params: { caseId, consentId }, context: {} }))
}

type PrintData = Exclude<Awaited<ReturnType<typeof printLoader>>, Response>

function adminPost(adminId: string, templateId: string, form: Record<string, string>) {
  return requestAs(adminId, `/admin/consent-templates/${templateId}`, { form }).then((request) =>
    settle(templateAction({ request, params: { templateId }, context: {} })),
  )
}

describe('consent texts', () => {
  test("the form proposes the client's first language with a template; the consent records its texts", async () => {
    const { counsellor, kase, partner } = await setup(['deu', 'apc', 'tir'])
    const page = (await newConsentLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}/consents/new`), params: { caseId: kase.id }, context: {} })) as {
      defaultLanguage: string
    }
    expect(page.defaultLanguage).toBe('apc')
    const consentId = await giveConsent(counsellor.id, kase.id, partner.id)
    const recorded = await prisma.consentText.findUniqueOrThrow({
      where: { consentId },
      select: {
        version: { select: { version: true, template: { select: { kind: true, languageCode: true } } } },
        germanVersion: { select: { template: { select: { languageCode: true } } } },
      },
    })
    expect(recorded).toEqual({
      version: { version: 1, template: { kind: 'CONSENT_PSYCHOSOCIAL', languageCode: 'arb' } },
      germanVersion: { template: { languageCode: 'deu' } },
    })
  })

  test('an old consent prints the text it was given with; a new one gets the new version', async () => {
    const { counsellor, admin, kase, partner, template } = await setup()
    const before = await giveConsent(counsellor.id, kase.id, partner.id)
    const current = await prisma.consentTemplateVersion.findFirstOrThrow({ where: { templateId: template.id, version: 1 }, select: { body: true } })
    const edited = current.body.replace('الإعفاء من واجب السرّية', 'نص جديد للإعفاء')
    expect(statusOf(await adminPost(admin.id, template.id, { intent: 'save', basedOn: '1', body: edited }))).toBe(302)
    const after = await giveConsent(counsellor.id, kase.id, partner.id)

    const old = (await print(counsellor.id, kase.id, before)) as PrintData
    const fresh = (await print(counsellor.id, kase.id, after)) as PrintData
    expect(old.bilingual!.client!.version).toBe(1)
    expect(plainText(old.bilingual!.client!.blocks)).toContain('الإعفاء من واجب السرّية')
    expect(plainText(old.bilingual!.client!.blocks)).not.toContain('نص جديد')
    expect(fresh.bilingual!.client!.version).toBe(2)
    expect(plainText(fresh.bilingual!.client!.blocks)).toContain('نص جديد للإعفاء')
    // the filled-in values are the consent's own, in the client's language
    expect(plainText(old.bilingual!.client!.blocks)).toContain(partner.name)
    expect(plainText(old.bilingual!.client!.blocks)).toContain('الهوية (الاسم، تاريخ الميلاد)، الصحة')
  })

  test('a draft is marked until a reviewer is recorded (name and date, audited); German ships reviewed', async () => {
    const { counsellor, admin, kase, partner, template } = await setup()
    const consentId = await giveConsent(counsellor.id, kase.id, partner.id)
    const draft = (await print(counsellor.id, kase.id, consentId)) as PrintData
    expect(draft.bilingual!.client!.reviewed).toBe(false)
    expect(draft.bilingual!.german.reviewed).toBe(true)

    const refused = await adminPost(admin.id, template.id, { intent: 'review', version: '1', reviewerName: '', reviewedOn: todayInput() })
    expect(statusOf(refused)).toBe(400)
    const future = await adminPost(admin.id, template.id, { intent: 'review', version: '1', reviewerName: 'Samira Haddad', reviewedOn: '2999-01-01' })
    expect(statusOf(future)).toBe(400)
    expect(await prisma.consentTemplateVersion.count({ where: { templateId: template.id, reviewedAt: { not: null } } })).toBe(0)

    const done = await adminPost(admin.id, template.id, { intent: 'review', version: '1', reviewerName: 'Samira Haddad', reviewedOn: '2026-11-30' })
    expect(statusOf(done)).toBe(302)
    const reviewed = (await print(counsellor.id, kase.id, consentId)) as PrintData
    expect(reviewed.bilingual!.client!.reviewed).toBe(true)
    expect(await prisma.consentTemplateVersion.findFirstOrThrow({ where: { templateId: template.id, version: 1 }, select: { reviewedByName: true, reviewedAt: true } })).toEqual({
      reviewedByName: 'Samira Haddad',
      reviewedAt: new Date('2026-11-30T12:00:00Z'),
    })
    const events = await prisma.auditEvent.findMany({ where: { action: 'consent-template.review' }, select: { userId: true, entityId: true, details: true } })
    expect(events).toEqual([{ userId: admin.id, entityId: template.id, details: JSON.stringify({ kind: 'CONSENT_PSYCHOSOCIAL', language: 'arb', version: 1 }) }])
    // a second review of the same version changes nothing
    expect(statusOf(await adminPost(admin.id, template.id, { intent: 'review', version: '1', reviewerName: 'Someone Else', reviewedOn: '2026-12-01' }))).toBe(409)
  })

  test('a consent recorded before the templates existed prints the earlier German/English form', async () => {
    const { counsellor, kase, partner } = await setup()
    const consentId = await giveConsent(counsellor.id, kase.id, partner.id)
    await prisma.consentText.delete({ where: { consentId } })
    const page = (await print(counsellor.id, kase.id, consentId)) as PrintData
    expect(page.bilingual).toBeNull()
    expect(page.documentLanguage).toBe('de')
  })

  test('a template with an unknown or missing placeholder is not saved, and the text is kept', async () => {
    const { admin, template } = await setup()
    const body = 'An {{empfaenger}} für {{purpose}}.'
    const result = (await adminPost(admin.id, template.id, { intent: 'save', basedOn: '1', body })) as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }; init: { status: number } }
    expect(result.init.status).toBe(400)
    expect(result.data.result.error.body).toEqual([
      'consentTexts:admin.errors.unknownPlaceholder|empfaenger',
      'consentTexts:admin.errors.missingPlaceholder|recipient',
      'consentTexts:admin.errors.missingPlaceholder|withdrawal',
    ])
    expect(result.data.result.initialValue.body).toBe(body)
    expect(await prisma.consentTemplateVersion.count({ where: { templateId: template.id } })).toBe(1)
  })

  test('two administrators saving at once: one new version, the other told of the conflict', async () => {
    const { admin, template } = await setup()
    const body = (n: number) => `Version ${n}: {{recipient}}, {{purpose}}, {{withdrawal}}.`
    const results = await Promise.all([1, 2, 3, 4].map((n) => saveTemplateVersion(template.id, { body: body(n), summary: null, basedOn: 1 }, { userId: admin.id })))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(results.filter((result) => !result.ok && result.error === 'conflict')).toHaveLength(3)
    expect(await prisma.consentTemplateVersion.count({ where: { templateId: template.id } })).toBe(2)
  })

  test('the admin pages are for administrators only', async () => {
    const { counsellor, template } = await setup()
    const request = await requestAs(counsellor.id, `/admin/consent-templates/${template.id}`)
    expect(statusOf(await settle(templateLoader({ request, params: { templateId: template.id }, context: {} })))).toBe(403)
  })

  test('an upgrade adds changed shipped texts, but never over an administrator’s edit', async () => {
    const { admin, template } = await setup()
    const changed = shippedTexts().map((text) => ({ ...text, body: `${text.body}\nNeu.`, hash: `${text.hash}-2` }))
    await saveTemplateVersion(template.id, { body: 'Eigener Text {{recipient}} {{purpose}} {{withdrawal}}', summary: null, basedOn: 1 }, { userId: admin.id })
    expect(await seedConsentTemplates(changed)).toBe(changed.length - 1)
    expect(await seedConsentTemplates(changed)).toBe(0)
    const edited = await prisma.consentTemplateVersion.findMany({ where: { templateId: template.id }, select: { version: true, source: true }, orderBy: { version: 'asc' } })
    expect(edited).toEqual([
      { version: 1, source: 'SHIPPED' },
      { version: 2, source: 'EDITED' },
    ])
    const german = await prisma.consentTemplateVersion.findFirstOrThrow({
      where: { template: { kind: 'PRIVACY', languageCode: 'deu' } },
      orderBy: { version: 'desc' },
      select: { version: true, body: true, reviewedAt: true },
    })
    expect(german.version).toBe(2)
    expect(german.body.endsWith('Neu.')).toBe(true)
  })
})

describe('privacy information', () => {
  test("a new case records the text in the client's first language with a template, and prints it", async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const form = {
      birthYear: '1990', gender: 'FEMALE', nationality: 'ER', languages: ['tig', 'tir'], residenceStatusId: String((await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'RESIDENCE_STATUS', code: 'GESTATTUNG' } })).id),
      residenceStatusSince: todayInput(), householdAdults: '1', householdChildren: '0', programme: 'MBE', accessRoute: 'EAE_REFERRAL', germanLevel: 'NONE', startPlace: 'EAE', kind: 'SHORT', familyMembersCounselled: '0',
      privacyInfoGivenAt: todayInput(), privacyInfoForm: 'WRITTEN',
    }
    const response = (await settle(newCaseAction({ request: await requestAs(counsellor.id, '/cases/new', { form }), params: {}, context: {} }))) as Response
    expect(response.status).toBe(302)
    const caseId = response.headers.get('Location')!.split('/')[2]!.split('?')[0]!
    const kase = await prisma.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { privacyInfoLanguage: true, privacyText: { select: { version: { select: { template: { select: { kind: true, languageCode: true } } } } } } },
    })
    expect(kase).toEqual({ privacyInfoLanguage: 'tir', privacyText: { version: { template: { kind: 'PRIVACY', languageCode: 'tir' } } } })

    const page = (await privacyPrintLoader({ request: await requestAs(counsellor.id, `/cases/${caseId}/privacy-information/print`), params: { caseId }, context: {} })) as {
      document: { client: { language: string; dir: string; reviewed: boolean }; date: string | null; pseudonymCode: string | null }
    }
    expect(page.document.client).toMatchObject({ language: 'tir', dir: 'ltr', reviewed: false })
    expect(page.document.date).toMatch(/^\d{2}\.\d{2}\.\d{4}$/)
    expect(page.document.pseudonymCode).toBeTruthy()

    // The case file's summary (one statement) says what the ORM reads through the relations.
    const stored = await prisma.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { privacyInfoGivenAt: true, privacyInfoForm: true, privacyInfoLanguage: true, privacyText: { select: { version: { select: { version: true, reviewedAt: true, template: { select: { languageCode: true } } } } } } },
    })
    const version = stored.privacyText!.version
    expect(await privacyInfoSummary(caseId)).toEqual({
      givenAt: stored.privacyInfoGivenAt!.toISOString(),
      form: 'WRITTEN',
      clientLanguage: 'tir',
      text: { language: version.template.languageCode, version: version.version, reviewed: version.reviewedAt !== null },
    })
    await prisma.privacyInformationText.delete({ where: { caseId } })
    expect((await privacyInfoSummary(caseId))?.text).toBeNull()
    await prisma.case.update({ where: { id: caseId }, data: { privacyInfoGivenAt: null } })
    expect(await privacyInfoSummary(caseId)).toBeNull()
    expect(await privacyInfoSummary('no-such-case')).toBeNull()
  })

  test("another team's case answers 404 and the attempt is audited", async () => {
    const { stranger, kase } = await setup()
    const request = await requestAs(stranger.id, `/cases/${kase.id}/privacy-information/print`)
    expect(statusOf(await settle(privacyPrintLoader({ request, params: { caseId: kase.id }, context: {} })))).toBe(404)
    expect(await prisma.auditEvent.count({ where: { userId: stranger.id, outcome: 'DENIED' } })).toBe(1)
  })
})
