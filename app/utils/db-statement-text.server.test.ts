// `statementOf` (readRows, readRowArrays, writeRows): a statement's text joined once per template literal, the
// same text and values as `Prisma.sql` gives — with and without nested fragments — and the same rows read.
import { expect, test } from 'vitest'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRowArrays, readRows, statementOf } from '#app/utils/db.server.ts'

function template(strings: TemplateStringsArray, ...values: unknown[]) {
  return { strings, values }
}

function site(value: unknown, other: unknown) {
  // one call site: the same strings array at every call
  return template`SELECT ${value} AS "a", ${other} AS "b" WHERE 1 = 1`
}

test('the same text and values as Prisma.sql, for plain values and nested fragments', () => {
  const day = new Date('2026-03-29T01:30:00.000Z')
  const cases = [
    template`SELECT 1`,
    template`${1}`,
    template`SELECT ${'a'}, ${2}, ${3n}, ${null}, ${true}, ${day} FROM "Case" WHERE "id" = ${'x'}`,
    template`SELECT * FROM "Case" WHERE ${Prisma.sql`"teamId" = ${'t'} AND "status" <> ${'CLOSED'}`} LIMIT ${50}`,
    template`SELECT * FROM "Case" WHERE "id" IN (${Prisma.join(['a', 'b', 'c'])}) ${Prisma.empty}`,
    template`SELECT ${Prisma.raw('"code"')} FROM "Case" WHERE "id" = ${'y'} ${Prisma.sql`AND ${Prisma.sql`"x" = ${1}`}`}`,
    template`SELECT '?' AS "question", ${'??'} AS "b" -- a ? in the text stays`,
  ]
  for (const { strings, values } of cases) {
    const expected = Prisma.sql(strings, ...values)
    const query = statementOf(strings, values)
    expect(query.sql).toBe(expected.sql)
    expect([...query.values]).toEqual(expected.values)
  }
})

test('one call site gives the same text at every call, with each call its own values', () => {
  const first = site('x', 1)
  const second = site('y', 2)
  expect(first.strings).toBe(second.strings)
  const a = statementOf(first.strings, first.values)
  const b = statementOf(second.strings, second.values)
  expect(a.sql).toBe('SELECT ? AS "a", ? AS "b" WHERE 1 = 1')
  expect(b.sql).toBe(a.sql)
  expect(a.values).toEqual(['x', 1])
  expect(b.values).toEqual(['y', 2])
  // a nested fragment at the same call site: flattened for this call only
  const nested = site(Prisma.sql`${'z'} || ${'w'}`, 3)
  expect(statementOf(nested.strings, nested.values).sql).toBe('SELECT ? || ? AS "a", ? AS "b" WHERE 1 = 1')
  expect(statementOf(nested.strings, nested.values).values).toEqual(['z', 'w', 3])
  expect(statementOf(second.strings, second.values).sql).toBe(a.sql)
})

test('one call site with nested fragments: each combination its own text, also past the texts kept per statement', () => {
  const where = (clauses: string[]) =>
    clauses.length ? Prisma.sql`WHERE ${Prisma.join(clauses.map((c) => Prisma.sql`${Prisma.raw(c)} = ${c.length}`), ' AND ')}` : Prisma.empty
  const variants = Array.from({ length: 24 }, (_, i) => Array.from({ length: i % 5 }, (_, j) => `"c${i}_${j}"`))
  // twice through all 24 (more than the 16 kept), then once more in reverse: always Prisma.sql's own text and values
  for (const clauses of [...variants, ...variants, ...variants.toReversed()]) {
    const query = site(where(clauses), clauses.length)
    const expected = Prisma.sql(query.strings, ...query.values)
    const got = statementOf(query.strings, query.values)
    expect(got.sql).toBe(expected.sql)
    expect([...got.values]).toEqual(expected.values)
  }
  // the same pieces with other values: the kept text, this call's values
  const a = site(Prisma.sql`${'p'} || ${'q'}`, 1)
  const b = site(Prisma.sql`${'r'} || ${'s'}`, 2)
  expect(statementOf(a.strings, a.values)).toEqual({ sql: 'SELECT ? || ? AS "a", ? AS "b" WHERE 1 = 1', values: ['p', 'q', 1] })
  expect(statementOf(b.strings, b.values)).toEqual({ sql: 'SELECT ? || ? AS "a", ? AS "b" WHERE 1 = 1', values: ['r', 's', 2] })
  // other pieces of the same length: not the kept text
  const c = site(Prisma.sql`${'r'} && ${'s'}`, 2)
  expect(statementOf(c.strings, c.values).sql).toBe('SELECT ? && ? AS "a", ? AS "b" WHERE 1 = 1')
})

test('rows read through the joined text equal those of the ORM raw query, plain and nested', async () => {
  const read = (value: string) => readRows<Array<{ a: string; b: number }>>`SELECT ${value} AS "a", ${7} AS "b"`
  expect(await read('eins')).toEqual([{ a: 'eins', b: 7 }])
  expect(await read('zwei')).toEqual([{ a: 'zwei', b: 7 }])
  const nested = (value: string) =>
    readRowArrays<Array<[string, bigint]>>`SELECT ${Prisma.sql`${value} || ${'!'}`} AS "a", ${Prisma.raw('8')} AS "b"`
  expect(await nested('drei')).toEqual([['drei!', 8n]])
  expect(await nested('vier')).toEqual([['vier!', 8n]])
  const orm = await prisma.$queryRaw<Array<{ a: string }>>`SELECT ${'fünf'} || ${'!'} AS "a"`
  expect(await readRows<Array<{ a: string }>>`SELECT ${'fünf'} || ${'!'} AS "a"`).toEqual(orm)
})
