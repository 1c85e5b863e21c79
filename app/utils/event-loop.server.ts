// Long work in one request — the go-live import of 10,000 rows — runs on the server's only thread,
// and the SQLite driver answers synchronously: awaiting a query lets only promise callbacks run,
// never the event loop. Without a pause the server accepts no connection, answers no other request
// (not even `/healthz`) and fires no timer until the whole job is done (about 26 s on a quiet
// machine for 10,000 rows, minutes under load; docs/performance.md, "Test suite", session 9).

/**
 * Lets the event loop turn once (I/O, timers, other requests' first steps) before the caller goes
 * on. Database work of other requests still waits its turn (app/utils/db.server.ts `exclusive`), so
 * a pause inside a transaction lets nothing into it.
 */
export function turnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
