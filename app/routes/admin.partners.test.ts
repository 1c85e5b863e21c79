import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createUser, requestAs, settle, statusOf } from '#tests/factories.ts'
import { PARTNER_SEEDS, seedPartners } from '../../prisma/partners.ts'
import { action as editAction } from './admin.partners.$partnerId.tsx'
import { loader as listLoader } from './admin.partners._index.tsx'
import { action as createAction } from './admin.partners.new.tsx'

const validForm = {
  name: 'Migrationsdienst Teststadt',
  kind: 'LEGAL_ADVICE',
  phone: '+49 381 123-45',
  email: 'info@example.org',
  website: 'https://example.org',
  languages: ['arb', 'fas', 'tir', 'som'],
}

describe('partner directory', () => {
  test('the seed is idempotent by name and keeps an administrator’s deactivation', async () => {
    await seedPartners()
    const first = await prisma.partnerOrganisation.count()
    expect(first).toBe(PARTNER_SEEDS.length)
    await prisma.partnerOrganisation.updateMany({ where: { kind: 'JOB_CENTRE' }, data: { active: false } })
    await seedPartners()
    expect(await prisma.partnerOrganisation.count()).toBe(first)
    expect(await prisma.partnerOrganisation.count({ where: { kind: 'JOB_CENTRE', active: true } })).toBe(0)
    expect(await prisma.partnerOrganisation.count({ where: { kind: 'SOCIAL_PSYCHIATRIC_SERVICE' } })).toBe(8)
  })

  test('only administrators: counsellors get 403 on the list and the actions', async () => {
    const counsellor = await createUser({ role: 'COUNSELLOR' })
    expect(
      statusOf(
        await settle(
          listLoader({ request: await requestAs(counsellor.id, '/admin/partners'), params: {}, context: {} }),
        ),
      ),
    ).toBe(403)
    const request = await requestAs(counsellor.id, '/admin/partners/new', { form: validForm })
    expect(statusOf(await settle(createAction({ request, params: {}, context: {} })))).toBe(403)
    expect(await prisma.partnerOrganisation.count({ where: { name: validForm.name } })).toBe(0)
  })

  test('create, filter by language and district, edit and deactivate — all audited', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const district = String(await catalogueId('PLACE', 'HRO'))
    let result = await settle(
      createAction({
        request: await requestAs(admin.id, '/admin/partners/new', {
          form: { ...validForm, districtId: district },
        }),
        params: {},
        context: {},
      }),
    )
    expect(statusOf(result)).toBe(302)
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({ where: { name: validForm.name } })
    expect(partner.languages).toBe('arb,fas,tir,som')
    expect(await prisma.auditEvent.count({ where: { action: 'partner.create', entityId: partner.id } })).toBe(
      1,
    )

    const list = (await listLoader({
      request: await requestAs(admin.id, `/admin/partners?language=tir&district=${district}`),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof listLoader>>
    expect(list.partners.map((p) => p.name)).toEqual([validForm.name])

    const params = { partnerId: partner.id }
    result = await settle(
      editAction({
        request: await requestAs(admin.id, `/admin/partners/${partner.id}`, {
          form: { ...validForm, intent: 'save', email: 'not an email' },
        }),
        params,
        context: {},
      }),
    )
    expect(statusOf(result)).toBe(400)
    result = await settle(
      editAction({
        request: await requestAs(admin.id, `/admin/partners/${partner.id}`, {
          form: { ...validForm, intent: 'save', languages: ['arb', 'qqq'] },
        }),
        params,
        context: {},
      }),
    )
    expect(statusOf(result)).toBe(400)
    expect((result as unknown as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({ languages: ['common:languageChoice.errors.unknown'] })
    result = await settle(
      editAction({
        request: await requestAs(admin.id, `/admin/partners/${partner.id}`, {
          form: { ...validForm, intent: 'save', phone: '' },
        }),
        params,
        context: {},
      }),
    )
    expect(statusOf(result)).toBe(302)
    expect(
      (await prisma.partnerOrganisation.findUniqueOrThrow({ where: { id: partner.id } })).phone,
    ).toBeNull()

    result = await settle(
      editAction({
        request: await requestAs(admin.id, `/admin/partners/${partner.id}`, {
          form: { intent: 'deactivate' },
        }),
        params,
        context: {},
      }),
    )
    expect(statusOf(result)).toBe(302)
    expect((await prisma.partnerOrganisation.findUniqueOrThrow({ where: { id: partner.id } })).active).toBe(
      false,
    )
    const actions = await prisma.auditEvent.findMany({
      where: { entityId: partner.id },
      select: { action: true },
      orderBy: { at: 'asc' },
    })
    expect(actions.map((a) => a.action)).toEqual(['partner.create', 'partner.update', 'partner.deactivate'])

    result = await settle(
      editAction({
        request: await requestAs(admin.id, '/admin/partners/nope', { form: { intent: 'deactivate' } }),
        params: { partnerId: 'nope' },
        context: {},
      }),
    )
    expect(statusOf(result)).toBe(404)
  })
})
