// The production server's checkpoints of the write-ahead log in a read-pool thread (decision 103):
// the thread copies every committed page and leaves an open transaction alone, and the server asks
// for a checkpoint only when the log was written since the last one and none is under way.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect, test } from 'vitest'
import { BUSY_LOOKS_BEFORE_REPORT, walCheckpointer } from '#app/utils/db.server.ts'
import { ReadWorkerPool, type WalCheckpoint } from '#app/utils/read-worker.server.ts'

const file = path.resolve(`tests/.tmp/wal-checkpoint.${process.env.VITEST_POOL_ID ?? '0'}.db`)
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
})

/** A WAL file whose writer never checkpoints by itself (as the app's connection past its fallback). */
function writer() {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const database = new Database(file)
  cleanups.push(() => database.close())
  database.pragma('journal_mode = WAL')
  database.pragma('wal_autocheckpoint = 0')
  database.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
  const insert = database.prepare('INSERT INTO t (v) VALUES (?)')
  return {
    database,
    insert: (n: number) =>
      database.transaction(() => {
        for (let i = 0; i < n; i++) insert.run('x'.repeat(500))
      })(),
  }
}

function pool() {
  const created = new ReadWorkerPool({ size: 1, timeoutMs: 60_000, idleMs: 60_000 })
  cleanups.push(() => created.close())
  return created
}

test('the thread copies every committed page of the log into the file', async () => {
  const { database, insert } = writer()
  insert(200)
  const done = await pool().checkpoint(file)
  expect(done.busy).toBe(0)
  expect(done.log).toBeGreaterThan(20)
  expect(done.checkpointed).toBe(done.log)
  // nothing left for the writer's own checkpoint to copy
  const [after] = database.pragma('wal_checkpoint(PASSIVE)') as WalCheckpoint[]
  expect(after!.checkpointed).toBe(after!.log)
  // the file alone (the log set aside) holds the rows: a copy of it without its -wal reads them
  const copy = `${file}.copy`
  fs.copyFileSync(file, copy)
  cleanups.push(() => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(copy + suffix, { force: true })))
  const reader = new Database(copy, { readonly: true })
  expect(reader.prepare('SELECT count(*) FROM t').pluck().get()).toBe(200)
  reader.close()
})

test('an open write transaction neither waits for the checkpoint nor is copied by it', async () => {
  const { database, insert } = writer()
  insert(50)
  const checkpoints = pool()
  database.exec('BEGIN IMMEDIATE')
  database.prepare('INSERT INTO t (v) VALUES (?)').run('uncommitted')
  const done = await checkpoints.checkpoint(file)
  expect(done.checkpointed).toBe(done.log)
  database.exec('ROLLBACK')
  expect(database.prepare('SELECT count(*) FROM t').pluck().get()).toBe(50)
  // the writer goes on after the thread's checkpoint; the next one copies the new pages
  insert(50)
  const next = await checkpoints.checkpoint(file)
  expect(next.checkpointed).toBe(next.log)
  expect(database.prepare('SELECT count(*) FROM t').pluck().get()).toBe(100)
})

test('the server asks for a checkpoint only after a write to the log, one at a time, and not while its connection is closed', async () => {
  const { insert } = writer()
  let open = true
  const asked: Array<() => void> = []
  const tick = walCheckpointer({
    log: `${file}-wal`,
    isOpen: () => open,
    checkpoint: () =>
      new Promise<WalCheckpoint>((resolve) =>
        asked.push(() => resolve({ busy: 0, log: 0, checkpointed: 0 })),
      ),
  })
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5))
  // the kernel's file times are coarse (a few ms): each write below comes later than the last look
  const later = () => new Promise((resolve) => setTimeout(resolve, 20))
  tick()
  expect(asked).toHaveLength(1) // the log was written when the table was made
  await later()
  insert(1)
  tick()
  expect(asked).toHaveLength(1) // one under way: no second
  asked[0]!()
  await settle()
  tick()
  expect(asked).toHaveLength(2) // written meanwhile: the next one
  asked[1]!()
  await settle()
  tick()
  expect(asked).toHaveLength(2) // nothing written since
  await later()
  insert(1)
  open = false
  tick()
  expect(asked).toHaveLength(2) // closed (tests swap the file then)
  open = true
  tick()
  expect(asked).toHaveLength(3)
  asked[2]!()
  await settle()
})

test('no log file, no checkpoint', () => {
  let asked = 0
  const tick = walCheckpointer({
    log: `${file}-no-such-wal`,
    isOpen: () => true,
    checkpoint: async () => (asked++, { busy: 0, log: 0, checkpointed: 0 }),
  })
  tick()
  expect(asked).toBe(0)
})

test('a checkpoint that left pages behind or failed is tried again at the next look; a failure is reported once an hour', async () => {
  const { insert } = writer()
  insert(1)
  const answers: Array<() => Promise<WalCheckpoint>> = [
    () => Promise.resolve({ busy: 0, log: 40, checkpointed: 30 }), // a reader's snapshot held 10 back
    () => Promise.reject(new Error('disk I/O error')),
    () => Promise.reject(new Error('disk I/O error')),
    () => Promise.resolve({ busy: 0, log: 40, checkpointed: 40 }),
  ]
  let asked = 0
  const reported: unknown[] = []
  const tick = walCheckpointer({
    log: `${file}-wal`,
    isOpen: () => true,
    checkpoint: () => answers[asked++]!(),
    report: (error) => reported.push(error),
  })
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5))
  for (let look = 1; look <= 4; look++) {
    tick()
    expect(asked).toBe(look) // nothing written since the first look, asked again all the same
    await settle()
  }
  expect(reported).toHaveLength(1) // the second failure within the hour is not reported again
  tick()
  expect(asked).toBe(4) // all copied, nothing written since: no further checkpoint
})

test('a checkpoint that found the log locked (SQLITE_BUSY) is tried again quietly; only a lock that lasts is reported', async () => {
  const { insert } = writer()
  insert(1)
  const busy = () => Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))
  const copied = () => Promise.resolve({ busy: 0, log: 40, checkpointed: 40 })
  let asked = 0
  let answer: () => Promise<WalCheckpoint> = busy
  const reported: unknown[] = []
  const tick = walCheckpointer({
    log: `${file}-wal`,
    isOpen: () => true,
    checkpoint: () => (asked++, answer()),
    report: (error) => reported.push(error),
  })
  const look = async (times: number) => {
    for (let index = 0; index < times; index++) {
      tick()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  await look(30)
  expect(asked).toBe(30) // tried again at every look, nothing written since
  // one that gets through starts the count again: 30 + 59 locked looks, none reported
  answer = copied
  insert(2)
  await look(1)
  answer = busy
  insert(3)
  await look(BUSY_LOOKS_BEFORE_REPORT - 1)
  expect(asked).toBe(30 + 1 + BUSY_LOOKS_BEFORE_REPORT - 1)
  expect(reported).toHaveLength(0)
  await look(1)
  expect(reported).toHaveLength(1) // locked for a minute of looks in a row
  expect((reported[0] as { code?: string }).code).toBe('SQLITE_BUSY')
})

test("the thread's checkpoint fails with SQLITE_BUSY while another connection holds the database exclusively", async () => {
  const { database, insert } = writer()
  insert(10)
  // an exclusive lock, held until this connection closes (as one that removes the log on its way out)
  database.pragma('locking_mode = EXCLUSIVE')
  insert(1)
  const failure = await pool()
    .checkpoint(file)
    .then(
      () => null,
      (error: unknown) => error as { code?: string },
    )
  expect(String(failure?.code)).toMatch(/^SQLITE_BUSY/)
})
