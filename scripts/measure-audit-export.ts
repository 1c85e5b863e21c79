// `node --expose-gc --import tsx scripts/measure-audit-export.ts [--rows 100000]`
// The audit log's CSV export at its cap, measured: a scratch database with that many audit events,
// the export read to the end as a client would, the heap sampled after every page (after a
// collection). Issue 16: the export built in memory needed 160–190 MB of heap at 100,000 rows;
// streamed, the heap holds one page (2.7 MB for a 15.5 MB file, 2026-12-04). Fails (exit 1) when
// the heap grew by more than half the file (at least 8 MB) — an export that kept the rows or the
// text would grow by more than the whole file (JavaScript strings take two bytes a character).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const rows = Number(values.rows)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('Run with node --expose-gc --import tsx')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-audit-export-'))
const database = path.join(dir, 'audit.db')
process.env.DATABASE_URL = `file:${database}`
process.env.APP_MODE = 'production'
try {
  const migrate = spawnSync(process.execPath, [path.join('scripts', 'db-migrate.js')], { encoding: 'utf8', env: process.env })
  if (migrate.status !== 0) throw new Error(migrate.stderr)
  const db = new Database(database)
  const insert = db.prepare(
    "INSERT INTO AuditEvent (at, userId, action, entity, entityId, caseId, outcome, details, requestId, emergency) VALUES (?, NULL, ?, 'case', ?, ?, 'SUCCESS', ?, ?, 0)",
  )
  const actions = ['case.read', 'contact.read', 'contact.create', 'case.transfer', 'identity.reveal']
  db.transaction(() => {
    for (let index = 0; index < rows; index += 1) {
      const caseId = `case${index % 5000}`
      insert.run(
        new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
        actions[index % actions.length],
        caseId,
        caseId,
        JSON.stringify({ fields: ['birthYear', 'gender', 'nationality'], reason: 'MOVE', count: index % 17 }),
        `req-${index.toString(36)}`,
      )
    }
  })()
  db.close()

  const { streamAuditCsv, parseAuditFilter } = await import('#app/models/audit-log.server.ts')
  const { getFixedT } = await import('#app/utils/i18n.server.ts')
  const { prisma } = await import('#app/utils/db.server.ts')
  const t = await getFixedT(new Request('http://localhost/admin/audit'), 'privacy')
  const actor = await prisma.user.create({ data: { email: 'measure@example.org', displayName: 'Measure', role: 'ADMIN', team: { create: { name: 'Measure', kind: 'REGIONAL' } } } })

  gc()
  const before = process.memoryUsage().heapUsed
  let peak = 0
  let bytes = 0
  let lines = 0
  const reader = (await streamAuditCsv(actor, parseAuditFilter(new URLSearchParams()), t)).getReader()
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    bytes += next.value.byteLength
    for (const byte of next.value) if (byte === 10) lines += 1
    gc()
    peak = Math.max(peak, process.memoryUsage().heapUsed - before)
  }
  await prisma.$disconnect()
  const mb = (value: number) => (value / 1024 / 1024).toFixed(1)
  console.log(`${(lines - 1).toLocaleString('en')} rows, ${mb(bytes)} MB of CSV; heap growth at most ${mb(peak)} MB while streaming`)
  if (lines - 1 !== rows) throw new Error(`expected ${rows} rows, got ${lines - 1}`)
  if (peak > Math.max(8 * 1024 * 1024, bytes / 2)) {
    console.error('The export held more than half the file in memory: it is not streaming.')
    process.exitCode = 1
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
