// The thread side of app/utils/read-worker.server.ts (decision 052): runs one large read-only
// statement (the annual statistics), or a checkpoint of the write-ahead log (decision 103), on a
// connection of its own, so that the server's event loop
// stays free meanwhile and two statements can run at once. Plain JavaScript under server/, resolved
// at run time from the project folder: the Remix build bundles app/ into build/index.js, and a
// worker file referenced from there by a relative URL would not exist.
//
// A connection per statement, closed afterwards: it reads the file as it is now (tests replace the
// file between tests; nothing is kept that could go stale), holds no memory between statements, and
// costs a few milliseconds to open — the statement's pages come from the operating system's file
// cache, not from a connection's page cache (1 MB during the statement, as on the main connection).
// Closing the connection also drops the temporary tables a prelude created (decision 057).
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

// Shared with the pool: 0 idle, 1 in SQLite (a connection open), 2 the pool is ending this thread.
// The pool terminates a thread only after setting 2 over 0, and this thread enters SQLite only after
// setting 1 over 0: a SQLite error raised while the thread terminates would abort the whole process.
const state = workerData.state
const [IDLE, IN_SQLITE] = [0, 1]

parentPort.on('message', (job) => {
  if (Atomics.compareExchange(state, 0, IDLE, IN_SQLITE) !== IDLE) return
  let database
  let answer
  try {
    if (job.checkpoint) {
      // A checkpoint of the file's write-ahead log (decision 103), on a writable connection of its
      // own: PASSIVE never waits for and never blocks the app's writer or any reader; it copies what
      // it can and the next round copies the rest. synchronous = NORMAL as on the app's connection
      // (decision 096): the log is synced before the copy and the file after it, as in the
      // checkpoints the app's connection used to run inside its COMMITs.
      database = new Database(job.file, { fileMustExist: true, timeout: 0 })
      database.pragma('synchronous = NORMAL')
      const [result] = database.pragma('wal_checkpoint(PASSIVE)')
      answer = { id: job.id, checkpoint: result }
      return
    }
    // timeout: SQLite's busy timeout, as on the app's connection (a reader in WAL mode rarely waits).
    database = new Database(job.file, { readonly: true, fileMustExist: true, timeout: 5000 })
    // As the Prisma adapter: every integer arrives as a BigInt, the caller types the columns.
    database.defaultSafeIntegers(true)
    for (const [name, value] of Object.entries(job.pragmas)) database.pragma(`${name} = ${value}`)
    // The prelude (temporary tables, decision 057) and the statement read one snapshot of the file.
    const prelude = job.prelude ?? []
    // The statement and those whose rows follow its rows (`followedBy`): one result, one snapshot.
    const statements = [{ sql: job.sql, args: job.args }, ...(job.followedBy ?? [])]
    const snapshot = prelude.length > 0 || statements.length > 1
    if (snapshot) database.exec('BEGIN')
    for (const step of prelude) database.prepare(step.sql).run(...step.args)
    let columns
    const rows = []
    for (const { sql, args } of statements) {
      const statement = database.prepare(sql)
      if (!statement.reader) throw new Error('The read worker runs only statements that return rows')
      columns ??= statement.columns().map((column) => ({ name: column.name, type: column.type }))
      // as a UNION ALL would refuse it: rows of another width would be read under the wrong names
      if (statement.columns().length !== columns.length) throw new Error('Every statement of a read must return the same number of columns')
      for (const row of statement.raw(true).iterate(...args)) rows.push(row)
    }
    if (snapshot) database.exec('COMMIT')
    answer = { id: job.id, columns, rows }
  } catch (error) {
    answer = { id: job.id, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), code: error?.code } }
  } finally {
    // closed before the answer: once the pool has it, this thread is out of SQLite and may be terminated
    try {
      database?.close()
    } finally {
      Atomics.store(state, 0, IDLE)
      parentPort.postMessage(answer)
    }
  }
})
