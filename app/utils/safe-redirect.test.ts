import { describe, expect, test } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

// The vectors of issue 12 (finding 5), in the form the action receives them (already decoded once
// by the form parser) and percent-encoded once and twice more.
const hostile = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\r\n/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%0A/evil.example',
  '/%0d/evil.example',
  '/%0D%0ASet-Cookie:%20x=1',
  '/%2509/evil.example',
  '/%250a/evil.example',
  '/%25250d/evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '/%5cevil.example',
  '/%5C%5Cevil.example',
  '/%255cevil.example',
  '//evil.example',
  '///evil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '/\u0085/evil.example',
  '/%C2%85/evil.example',
  '/\u2028/evil.example',
  '/%E2%80%A8/evil.example',
  '/%%09/evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  'evil.example',
  ' /cases',
  '\t/cases',
  '',
  `/${'a'.repeat(2000)}`,
]

describe('safeRedirect', () => {
  test.each(hostile)('refuses %j', (target) => {
    expect(safeRedirect(target)).toBe('/')
    expect(safeRedirect(target, '/login')).toBe('/login')
  })

  test('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['/cases'], { toString: () => '/cases' }]) expect(safeRedirect(value)).toBe('/')
  })

  test.each([
    ['/', '/'],
    ['/cases', '/cases'],
    ['/cases?q=K7Q4&status=OPEN&page=2', '/cases?q=K7Q4&status=OPEN&page=2'],
    ['/cases/c123#timeline', '/cases/c123#timeline'],
    ['/cases?q=100%25', '/cases?q=100%25'],
    ['/cases?q=a%2Fb', '/cases?q=a%2Fb'],
    ['/statistics?year=2025&team=t%C3%A4m', '/statistics?year=2025&team=t%C3%A4m'],
    ['/cases/../admin/users', '/admin/users'],
    ['/cases?q=zwei wörter', '/cases?q=zwei%20w%C3%B6rter'],
  ])('keeps the path of this site %j', (target, expected) => {
    expect(safeRedirect(target)).toBe(expected)
  })
})
