// Hostile form payloads for every action: generated with fast-check from the field names a route uses
// and the ids of the test world (own, foreign and deleted records).
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import * as codes from '#app/domain/codes.ts'
import { addDays, officeDay } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Body } from './request.ts'
import { type World } from './world.ts'

export const MEGABYTE = 'x'.repeat(1024 * 1024)

export const NASTY_STRINGS = [
  '',
  ' ',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "' OR '1'='1",
  '1; DROP TABLE "Case"; --',
  "Robert'); DELETE FROM \"User\";--",
  '=HYPERLINK("http://evil.example","x")',
  "=cmd|' /C calc'!A0",
  '+SUM(1;2)',
  '-1+1',
  '@A1',
  '\u202Egnp.exe', // right-to-left override
  '\u200F\u200Eمرحبا',
  'e\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  '👩🏽‍⚕️👨‍👩‍👧‍👦',
  '\u0000',
  'a\u0000b',
  '\r\n\r\n',
  '\t',
  '\u0007\u001b[2J',
  '\uFEFF',
  '\uD800', // lone surrogate
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '-1',
  '0',
  '99999999999999999999999',
  '3.5',
  'true',
  'on',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '1900-01-01',
  '2026-13-01',
  '2026-11-26T25:61',
  '../../etc/passwd',
  '%00',
  'İıß'.repeat(400),
]

const CODES = [
  ...new Set(
    (Object.values(codes) as unknown[])
      .filter((value): value is readonly string[] => Array.isArray(value) && value.every((item) => typeof item === 'string'))
      .flat(),
  ),
]

function today(offsetDays = 0) {
  return addDays(officeDay(new Date()), offsetDays)
}

/** Field names the route's form and action use, read from its source. */
export function fieldNamesOf(routeFile: string): string[] {
  const source = fs.readFileSync(path.resolve('app', routeFile), 'utf8')
  const names = new Set<string>()
  const patterns = [/fields\.(\w+)/g, /name=["'](\w+)["']/g, /name=\{["'](\w+)["']\}/g, /formData\.get(?:All)?\(["'](\w+)["']\)/g, /^\s{2,}(\w+): z\./gm, /^\s{2,}(\w+): (?:freeText|requiredText|optional|date|id|code)\w*\(/gm]
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) names.add(match[1]!)
  names.delete('intent')
  return [...names].sort()
}

/** Ids an attacker might send: own records, another team's, deleted ones, and made-up ones. */
export async function hostileIds(world: World): Promise<string[]> {
  const deletedContact = await prisma.contact.create({
    data: { caseId: world.a.caseId, date: new Date(), durationMinutes: 5, mode: 'PHONE', setting: 'INDIVIDUAL' },
    select: { id: true },
  })
  await prisma.contact.delete({ where: { id: deletedContact.id } })
  const catalogue = await prisma.catalogueEntry.findMany({ select: { id: true }, take: 5, orderBy: { id: 'asc' } })
  return [
    ...Object.values(world.a.params),
    ...Object.values(world.b.params),
    world.a.assigned,
    world.a.teamMember,
    world.a.lead,
    world.b.assigned,
    world.b.lead,
    world.admin,
    world.target,
    world.partnerId,
    world.teams.eae.id,
    world.teams.rostock.id,
    world.teams.greifswald.id,
    world.b.clientId,
    deletedContact.id,
    'c' + '0'.repeat(24),
    ...catalogue.map((entry) => String(entry.id)),
    '-1',
    '0',
    '1',
    '2',
  ]
}

export type Payload = { body: Body; description: string }

/** Every kind of value a field gets: hostile strings, plausible values, ids, codes, huge strings. */
function valueArbitrary(ids: string[]) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    { weight: 3, arbitrary: fc.constantFrom(...CODES) },
    { weight: 3, arbitrary: fc.constantFrom(today(), today(-1), today(-400), today(1), today(3650), '1', '2', '30', '45') },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
    { weight: 1, arbitrary: fc.constant(MEGABYTE) },
  )
}

export function payloadArbitrary(intent: string, names: string[], ids: string[]): fc.Arbitrary<Payload> {
  const value = valueArbitrary(ids)
  const fieldNames = names.length ? names : ['value']
  const name = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'a[0].b', 'x'.repeat(300)) })
  const withIntent = (entries: Array<[string, string]>, extraIntent?: string): Array<[string, string]> => [
    ...(intent ? ([['intent', intent]] as Array<[string, string]>) : []),
    ...(extraIntent !== undefined ? ([['intent', extraIntent]] as Array<[string, string]>) : []),
    ...entries,
  ]
  // a few fields, some duplicated
  const sparse = fc
    .tuple(fc.array(fc.tuple(name, value), { maxLength: 8 }), fc.option(fc.constantFrom('', 'other', intent + intent), { nil: undefined }))
    .map(([entries, extraIntent]): Payload => ({ body: { kind: 'form', entries: withIntent(entries, extraIntent) }, description: 'sparse form' }))
  // every field the route knows, so that validation gets past "required"
  const full = fc
    .tuple(fc.tuple(...fieldNames.map(() => value)), fc.array(fc.tuple(name, value), { maxLength: 3 }))
    .map(([values, extra]): Payload => ({
      body: { kind: 'form', entries: withIntent([...fieldNames.map((field, index): [string, string] => [field, values[index]!]), ...extra]) },
      description: 'full form',
    }))
  // JSON where a form is expected
  const json = fc
    .dictionary(name, fc.oneof(value, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 })
    .map((record): Payload => ({ body: { kind: 'json', value: intent ? { intent, ...record } : record }, description: 'JSON body' }))
  // a file upload in place of a text field
  const multipart = fc
    .tuple(full, fc.constantFrom(...fieldNames), fc.constantFrom('<script>alert(1)</script>', '', MEGABYTE.slice(0, 4096)), fc.constantFrom('a.html', '../../x', '\u0000.txt'))
    .map(([payload, field, content, name]): Payload => ({
      body: { kind: 'multipart', entries: payload.body.kind === 'form' ? payload.body.entries.filter(([key]) => key !== field) : [], file: { field, name, content } },
      description: 'multipart with a file',
    }))
  return fc.oneof({ weight: 4, arbitrary: full }, { weight: 4, arbitrary: sparse }, { weight: 1, arbitrary: json }, { weight: 1, arbitrary: multipart })
}

/** A short, printable summary of a payload for failure messages. */
export function describePayload(payload: Payload) {
  const text = JSON.stringify(payload.body, (_key, value: unknown) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value))
  return `${payload.description}: ${text.slice(0, 1500)}`
}

/** Mutations of a valid form: replace, drop, duplicate or add fields, one or two at a time. */
export function mutatedFormArbitrary(intent: string, base: Record<string, string | string[]>, ids: string[]): fc.Arbitrary<Payload> {
  const value = valueArbitrary(ids)
  const entries: Array<[string, string]> = Object.entries(base).flatMap(([key, item]) => (Array.isArray(item) ? item.map((one): [string, string] => [key, one]) : [[key, item] as [string, string]]))
  const keys = [...new Set(entries.map(([key]) => key).filter((key) => key !== 'intent'))]
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('replace' as const), key: fc.constantFrom(...keys), value }),
    fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...keys), value: fc.constant('') }),
    fc.record({ op: fc.constant('add' as const), key: fc.constantFrom(...keys), value }),
  )
  return fc.array(mutation, { minLength: 0, maxLength: 2 }).map((mutations): Payload => {
    let result = [...entries]
    for (const { op, key, value: replacement } of mutations) {
      if (op === 'drop') result = result.filter(([name]) => name !== key)
      else if (op === 'add') result.push([key, replacement])
      else result = [...result.filter(([name]) => name !== key), [key, replacement]]
    }
    if (intent && !result.some(([name]) => name === 'intent')) result.unshift(['intent', intent])
    return { body: { kind: 'form', entries: result }, description: `valid form with ${mutations.map((m) => `${m.op} ${m.key}`).join(', ') || 'no change'}` }
  })
}
