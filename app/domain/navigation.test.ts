import { describe, expect, test } from 'vitest'
import { currentNavItem, navigationFor } from './navigation.ts'

describe('currentNavItem: one highlighted entry per page', () => {
  const counsellor = navigationFor('COUNSELLOR')
  const teamLead = navigationFor('TEAM_LEAD')
  const current = (items: typeof counsellor, path: string) => currentNavItem(items, path)?.to

  test('the new-case form highlights "Neuer Fall" only, not also "Fälle"', () => {
    expect(current(counsellor, '/cases/new')).toBe('/cases/new')
    expect(current(counsellor, '/cases/new/')).toBe('/cases/new')
  })

  test('a case file and its sub-pages belong to "Fälle"; the emergency page to its own entry', () => {
    expect(current(counsellor, '/cases')).toBe('/cases')
    expect(current(counsellor, '/cases/abc123/contacts/new')).toBe('/cases')
    expect(current(counsellor, '/cases/emergency')).toBe('/cases/emergency')
  })

  test('the start page matches itself only; a prefix of a word is no match', () => {
    expect(current(counsellor, '/')).toBe('/')
    expect(current(counsellor, '/about')).toBeUndefined()
    expect(current(teamLead, '/teams')).toBeUndefined()
    expect(current(teamLead, '/team/absences')).toBe('/team')
    expect(current(counsellor, '/team/absences')).toBe('/team/absences')
  })

  test('every page of every role has at most one entry whose address is that page', () => {
    for (const role of ['COUNSELLOR', 'TEAM_LEAD', 'ADMIN'] as const) {
      const items = navigationFor(role)
      for (const item of items) expect(current(items, item.to)).toBe(item.to)
    }
  })
})
