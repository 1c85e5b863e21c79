import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action } from './admin.catalogues.tsx'

describe('catalogue administration', () => {
  test('adds an entry, retires it, and refuses a duplicate code', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const add = (code: string) =>
      requestAs(admin.id, '/admin/catalogues?catalogue=TOPIC', { form: { intent: 'add', code, labelDe: 'Digitale Teilhabe', labelEn: 'Digital participation' } })
    const added = await settle(action({ request: await add('digital'), params: {}, context: {} }))
    // a redirect with the success message: a reload does not add the entry again
    expect(added instanceof Response ? [added.status, added.headers.get('Location')] : added).toEqual([302, '/admin/catalogues?catalogue=TOPIC&done=added'])
    const entry = await prisma.catalogueEntry.findUniqueOrThrow({ where: { catalogue_code: { catalogue: 'TOPIC', code: 'DIGITAL' } } })
    expect(entry.active).toBe(true)
    expect(statusOf(await settle(action({ request: await add('DIGITAL'), params: {}, context: {} })))).toBe(400)

    const saved = await settle(
      action({
        request: await requestAs(admin.id, '/admin/catalogues?catalogue=TOPIC', { form: { intent: 'update', id: String(entry.id), labelDe: 'Digitales', labelEn: 'Digital' } }),
        params: {},
        context: {},
      }),
    )
    expect(statusOf(saved)).toBe(302)
    const retired = await prisma.catalogueEntry.findUniqueOrThrow({ where: { id: entry.id } })
    expect(retired).toMatchObject({ active: false, labelDe: 'Digitales' })
  })

  test('a residence status needs a valid reporting group; a label that looks like a formula is stored as text', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const request = await requestAs(admin.id, '/admin/catalogues?catalogue=RESIDENCE_STATUS', {
      form: { intent: 'add', code: 'NEW_STATUS', labelDe: '=HYPERLINK("x")', labelEn: 'x', group: 'Z' },
    })
    expect(statusOf(await settle(action({ request, params: {}, context: {} })))).toBe(400)
    expect(await prisma.catalogueEntry.count({ where: { code: 'NEW_STATUS' } })).toBe(0)
  })

  test('an unknown catalogue answers 404', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const request = await requestAs(admin.id, '/admin/catalogues?catalogue=PASSWORDS', { form: { intent: 'add', code: 'X1', labelDe: 'x', labelEn: 'x' } })
    expect(statusOf(await settle(action({ request, params: {}, context: {} })))).toBe(404)
  })
})
