// The read workers of the annual statistics (decision 052): rows typed exactly as Prisma's, the
// server's thread free meanwhile, and a failing, hanging or dying thread failing its statement —
// never the next one.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { runProcess } from '#tests/setup/run-process.ts'
import { scaled } from '#tests/setup/slowdown.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { ReadWorkerPool } from '#app/utils/read-worker.server.ts'

const pools: ReadWorkerPool[] = []
function pool(options: Partial<ConstructorParameters<typeof ReadWorkerPool>[0]> = {}) {
  const created = new ReadWorkerPool({ size: 2, timeoutMs: 60_000, idleMs: 60_000, ...options })
  pools.push(created)
  return created
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()))
})

const misbehaving = path.resolve('tests/fixtures/misbehaving-read-worker.js')
// Counts to n in SQLite: CPU-bound work of a controllable length, without any table.
const counting = (n: number) => Prisma.sql`WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ${n}) SELECT count(*) AS n FROM r`

describe('rows as prisma.$queryRaw returns them', () => {
  // Each statement through Prisma on the app's connection and through a read worker: equal values
  // and equal types (toStrictEqual tells a BigInt from a number, 89 from 89.5, null from undefined).
  const statements: Array<[string, Prisma.Sql]> = [
    ['a fraction below a whole first row is cut (the adapter, R16)', Prisma.sql`SELECT 1 AS v UNION ALL SELECT 89.5 UNION ALL SELECT 2.5`],
    ['a fraction alone, or first, keeps it', Prisma.sql`SELECT 89.5 AS v UNION ALL SELECT 0.5 AS v UNION ALL SELECT 3`],
    ['integer sums arrive whole', Prisma.sql`SELECT 7 AS m, 1 AS x UNION ALL SELECT CAST(round(julianday('2025-04-07') - julianday('2025-01-13')) AS INTEGER) + 95, 2`],
    ['a column of NULLs, and NULLs before the first value', Prisma.sql`SELECT NULL AS a, NULL AS b, 'x' AS c UNION ALL SELECT NULL, 5, NULL UNION ALL SELECT NULL, NULL, 7`],
    ['integers beyond 2^53 and negative ones', Prisma.sql`SELECT 9007199254740993 AS big, -5 AS small, 2.0 AS whole_real`],
    [
      'parameters: numbers, text, null, booleans',
      Prisma.sql`SELECT ${2025} AS y, ${2025} - 1 AS d, typeof(${2025}) AS t, ${'a'} AS s, ${null} AS n, ${true} AS yes, ${false} AS no, ${0.5} * 3 AS f`,
    ],
    ['declared column types (TEXT, INTEGER, BOOLEAN)', Prisma.sql`SELECT id, code, "group", sortOrder, active FROM "CatalogueEntry" ORDER BY id LIMIT 30`],
    ['an empty result', Prisma.sql`SELECT id FROM "Team" WHERE id = ${'no such team'}`],
  ]
  test.each(statements)('%s', async (_, statement) => {
    const expected = await prisma.$queryRaw(statement)
    expect(await pool().query(statement)).toStrictEqual(expected)
  })

  test('a column type Prisma would turn into an object (DATETIME) is refused, not guessed', async () => {
    await expect(pool().query(Prisma.sql`SELECT createdAt FROM "Team"`)).rejects.toThrow(/declared type DATETIME is not supported/)
  })

  test('a statement that writes is refused by the read-only connection', async () => {
    await expect(pool().query(Prisma.sql`DELETE FROM "Team"`)).rejects.toThrow(/only statements that return rows/)
    expect(await prisma.team.count()).toBeGreaterThan(0)
  })

  test('the connection reads what was committed before the statement began (a new connection each time)', async () => {
    const reads = pool()
    const count = Prisma.sql`SELECT count(*) AS n FROM "Setting"`
    const before = Number((await reads.query<{ n: bigint }>(count))[0]!.n)
    await prisma.setting.create({ data: { key: 'read-worker.test', value: '1' } })
    expect(Number((await reads.query<{ n: bigint }>(count))[0]!.n)).toBe(before + 1)
  })

  test('a prelude’s temporary tables (decision 057) are read by the statement, with their parameters, and end with its connection', async () => {
    const reads = pool({ size: 1 })
    const created = Prisma.sql`CREATE TEMP TABLE kept AS SELECT count(*) AS n, ${'x'} AS tag FROM "Setting" WHERE key <> ${'no such key'}`
    const indexed = { sql: 'CREATE INDEX temp.kept_lookup ON kept (tag)', values: [] }
    const read = Prisma.sql`SELECT n, tag FROM kept WHERE tag = ${'x'}`
    const script = { sql: read.sql, values: read.values, prelude: [{ sql: created.sql, values: created.values }, indexed] }
    const expected = await prisma.$queryRaw(Prisma.sql`SELECT count(*) AS n, ${'x'} AS tag FROM "Setting"`)
    expect(await reads.query(script)).toStrictEqual(expected)
    // the same thread again: the table was dropped with the connection, so it can be created anew
    expect(await reads.query(script)).toStrictEqual(expected)
    await expect(reads.query(read)).rejects.toThrow(/no such table: kept/)
  })

  test('statements that follow one another (`followedBy`) return the rows of their UNION ALL: same order, typed by the first', async () => {
    const reads = pool({ size: 1 })
    const parts = [Prisma.sql`SELECT 1 AS v, ${'a'} AS s`, Prisma.sql`SELECT 89.5, ${'b'}`, Prisma.sql`SELECT n, NULL FROM (SELECT ${2} AS n UNION ALL SELECT 2.5)`]
    const expected = await prisma.$queryRaw(Prisma.join(parts, ' UNION ALL '))
    expect(expected).toHaveLength(4)
    const [first, ...rest] = parts
    const script = { sql: first!.sql, values: first!.values, followedBy: rest.map((part) => ({ sql: part.sql, values: part.values })) }
    expect(await reads.query(script)).toStrictEqual(expected)
    // a later statement that fails, or writes, fails the whole read; the thread goes on serving
    await expect(reads.query({ ...script, followedBy: [...script.followedBy, { sql: 'SELECT x FROM "NoSuchTable"', values: [] }] })).rejects.toThrow(/no such table: NoSuchTable/)
    await expect(reads.query({ ...script, followedBy: [{ sql: 'DELETE FROM "Team"', values: [] }] })).rejects.toThrow(/only statements that return rows/)
    await expect(reads.query({ ...script, followedBy: [{ sql: 'SELECT 1, 2, 3', values: [] }] })).rejects.toThrow(/same number of columns/)
    expect(await reads.query(script)).toStrictEqual(expected)
  })

  test('a failing prelude fails its statement with SQLite’s message; the thread goes on serving', async () => {
    const reads = pool({ size: 1 })
    const read = Prisma.sql`SELECT 1 AS one`
    await expect(reads.query({ sql: read.sql, values: read.values, prelude: [{ sql: 'CREATE TEMP TABLE t AS SELECT * FROM "NoSuchTable"', values: [] }] })).rejects.toThrow(/no such table: NoSuchTable/)
    expect(await reads.query(read)).toStrictEqual(await prisma.$queryRaw(read))
  })
})

describe('threads', () => {
  test('the server’s thread stays free while a statement runs', async () => {
    const reads = pool()
    await reads.query(counting(10)) // the thread's start is not what this measures
    let ticks = 0
    const ticker = setInterval(() => (ticks += 1), 5)
    const started = performance.now()
    await reads.query(counting(1_000_000))
    const elapsed = performance.now() - started
    clearInterval(ticker)
    // The timer ran during the statement; on this thread, better-sqlite3 would have blocked it
    // (at most one tick, after the statement).
    expect(elapsed).toBeGreaterThan(50)
    expect(ticks).toBeGreaterThanOrEqual(5)
  })

  test('two statements run at once in two threads; a third waits for a free one', async () => {
    const reads = pool({ size: 2 })
    const results = Promise.all([reads.query(counting(200_000)), reads.query(counting(200_000)), reads.query(counting(3))])
    expect(reads.threads).toBe(2)
    expect((await results).map((rows) => rows[0])).toStrictEqual([{ n: 200_000n }, { n: 200_000n }, { n: 3n }])
  })

  test('threads start on first use and end after the idle time; the next statement starts one again', async () => {
    const reads = pool({ idleMs: 100 })
    expect(reads.threads).toBe(0)
    await reads.query(counting(3))
    expect(reads.threads).toBe(1)
    await expect.poll(() => reads.threads, { timeout: scaled(5_000) }).toBe(0)
    expect(await reads.query(counting(3))).toStrictEqual([{ n: 3n }])
  })

})

describe('failures', () => {
  test('a failing statement fails with SQLite’s message; the thread goes on serving', async () => {
    const reads = pool({ size: 1 })
    await expect(reads.query(Prisma.sql`SELECT * FROM "NoSuchTable"`)).rejects.toThrow('no such table: NoSuchTable')
    expect(await reads.query(counting(3))).toStrictEqual([{ n: 3n }])
  })

  test('a missing database file fails the statement', async () => {
    await expect(pool().query(counting(3), path.resolve('tests/.tmp/no-such-database.db'))).rejects.toThrow(/unable to open database file/)
  })

  test('a statement that does not finish in time fails, its thread is ended, the next statement gets a new one', async () => {
    // A reader waits (SQLite's busy timeout, 5 s, asleep) while another connection holds the file
    // exclusively. The timeout includes a thread's start (≈ 0.2–0.4 s on the loaded test machine).
    const locked = path.resolve(`tests/.tmp/read-worker-locked.${process.env.VITEST_POOL_ID ?? '0'}.db`)
    fs.rmSync(locked, { force: true })
    const holder = new Database(locked)
    holder.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1); BEGIN EXCLUSIVE; UPDATE t SET x = 2')
    try {
      const reads = pool({ size: 1, timeoutMs: 3000 })
      const slow = reads.query(Prisma.sql`SELECT x FROM t`, locked)
      const waiting = reads.query(counting(3))
      await expect(slow).rejects.toThrow('The read did not finish within 3000 ms')
      expect(await waiting).toStrictEqual([{ n: 3n }])
      expect(await reads.query(counting(3))).toStrictEqual([{ n: 3n }])
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
      fs.rmSync(locked, { force: true })
    }
  })

  test('a statement that fails with a SQLite error after its timeout or close() does not abort the process; its thread ends once it has answered', async () => {
    // In a child process each (tests/fixtures/read-pool-ending.ts): a thread terminated while its
    // statement is in SQLite aborts the whole process when the statement then raises an error
    // (FATAL ERROR "v8::ToLocalChecked Empty MaybeLocal", SIGABRT), which would end this test worker.
    // Before decision 158 all three ended with signal SIGABRT (status 134 from a shell).
    const scenarios = ['timeout-busy', 'timeout-error', 'close-busy'] as const
    const timeoutMs = scaled(500)
    const files = scenarios.map((scenario) => path.resolve(`tests/.tmp/read-pool-ending.${scenario}.${process.env.VITEST_POOL_ID ?? '0'}.db`))
    const runs = await Promise.all(
      scenarios.map((scenario, index) =>
        runProcess(process.execPath, ['--import', 'tsx', path.resolve('tests/fixtures/read-pool-ending.ts'), scenario, files[index]!, String(timeoutMs)], { timeout: scaled(60_000) }),
      ),
    )
    // what an aborted child leaves behind
    for (const file of files) for (const suffix of ['', '-journal', '.other']) fs.rmSync(`${file}${suffix}`, { force: true })
    const timedOut = { first: { error: `The read did not finish within ${timeoutMs} ms` }, threadsWhileRetiring: 2, next: { rows: [{ two: '2' }] }, threadsAfter: 0 }
    const expected = [timedOut, timedOut, { first: { error: 'The read pool was closed' }, threadsWhileRetiring: 1, threadsAfter: 0 }]
    runs.forEach((run, index) => {
      expect({ scenario: scenarios[index], signal: run.signal, status: run.status, stderr: run.stderr }).toStrictEqual({ scenario: scenarios[index], signal: null, status: 0, stderr: '' })
      expect(JSON.parse(run.stdout)).toStrictEqual(expected[index])
    })
  })

  test('a thread that exits or crashes fails its statement only; statements waiting for it get a new thread', async () => {
    // a budget for each statement, including a new thread's start (scaled: at load 12 a thread's start
    // alone took more than 2 s of wall time; session 15's whole run)
    const timeoutMs = scaled(2000)
    const reads = pool({ size: 1, script: misbehaving, timeoutMs })
    const statement = (sql: string) => ({ sql, values: [] })
    const [exited, afterExit] = await Promise.allSettled([reads.query(statement('exit')), reads.query(statement('SELECT 1'))])
    expect(exited).toMatchObject({ status: 'rejected', reason: { message: 'The read worker stopped (exit code 3)' } })
    expect(afterExit).toStrictEqual({ status: 'fulfilled', value: [{ ok: 1n }] })
    await expect(reads.query(statement('throw'))).rejects.toThrow('the read worker crashed')
    await expect(reads.query(statement('hang'))).rejects.toThrow(`The read did not finish within ${timeoutMs} ms`)
    expect(await reads.query(statement('SELECT 1'))).toStrictEqual([{ ok: 1n }])
  })

  test('a thread whose statement is still running is not terminated: it retires, at most size of them besides size working ones, and then statements fail at once', async () => {
    const timeoutMs = scaled(500)
    const reads = pool({ size: 1, script: misbehaving, timeoutMs })
    const statement = (sql: string) => ({ sql, values: [] })
    const slow = `slow ${8 * timeoutMs}`
    await expect(reads.query(statement(slow))).rejects.toThrow(`The read did not finish within ${timeoutMs} ms`)
    // one retiring, one working (a new thread)
    expect(await reads.query(statement('SELECT 1'))).toStrictEqual([{ ok: 1n }])
    expect(reads.threads).toBe(2)
    await expect(reads.query(statement(slow))).rejects.toThrow(`The read did not finish within ${timeoutMs} ms`)
    // two retiring, none working: no third thread, the statement fails at once
    expect(reads.threads).toBe(2)
    await expect(reads.query(statement('SELECT 1'))).rejects.toThrow('The read threads are all ending statements that did not finish in time')
    expect(reads.threads).toBe(2)
    // each ends once its statement has answered; then statements run again
    await expect.poll(() => reads.threads, { timeout: 16 * timeoutMs }).toBe(0)
    expect(await reads.query(statement('SELECT 1'))).toStrictEqual([{ ok: 1n }])
  })

  test('closing the pool fails what is running and waiting', async () => {
    const reads = pool({ size: 1 })
    const failed = Promise.all([
      expect(reads.query(counting(1_000_000))).rejects.toThrow('The read pool was closed'),
      expect(reads.query(counting(3))).rejects.toThrow('The read pool was closed'),
    ])
    await reads.close()
    await failed
    expect(reads.threads).toBe(0)
  })

  test('a parameter Prisma could not pass is refused before any thread starts', async () => {
    const reads = pool()
    await expect(reads.query({ sql: 'SELECT ?', values: [{ an: 'object' }] })).rejects.toThrow(/parameter of type object is not supported/)
    expect(reads.threads).toBe(0)
  })
})
