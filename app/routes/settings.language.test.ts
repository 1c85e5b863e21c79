import { expect, test } from 'vitest'
import { requestAs, settle } from '#tests/factories.ts'
import { action } from './settings.language.tsx'

test.each([
  ['/cases?status=OPEN', '/cases?status=OPEN'],
  ['/\t/evil.example', '/'],
  ['/%0d%0a/evil.example', '/'],
  ['/\\evil.example', '/'],
  ['https://evil.example/', '/'],
])('the language switch returns to %j only when it is a path of this site', async (redirectTo, expected) => {
  const request = await requestAs(null, '/settings/language', { form: { language: 'en', redirectTo } })
  const result = (await settle(action({ request, params: {}, context: {} }))) as Response
  expect(result.status).toBe(302)
  expect(result.headers.get('Location')).toBe(expected)
  expect(result.headers.get('Set-Cookie')).toMatch(/^wb_lng=/)
})
