import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { addIdentity, fillCaseFile } from '#tests/privacy-fixtures.ts'
import { backupDatabase, databasePath, integrityCheck, pruneBackups, restoreDatabase } from './backup.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-backup-'))
afterEach(() => {
  for (const name of fs.readdirSync(scratch)) fs.rmSync(path.join(scratch, name), { recursive: true, force: true })
})

function dump(file: string) {
  const db = new Database(file, { readonly: true })
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name)
  const content = Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]))
  db.close()
  return content
}

describe('backup and restore', () => {
  test('a backup of the live database restores every record', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await fillCaseFile({ caseId: kase.id, userId: counsellor.id, teamId: eae.id })
    await addIdentity({ caseId: kase.id, clientId: kase.clientId, userId: counsellor.id, teamId: eae.id })
    const source = databasePath()
    // Written through the running client (WAL mode): the backup must see it without a checkpoint.
    expect(await prisma.auditEvent.count()).toBeGreaterThan(0)

    const backups = path.join(scratch, 'backups')
    const { file } = await backupDatabase({ source, directory: backups, keep: 3 })
    expect(path.basename(file)).toMatch(/^wegbegleiter-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.db$/)
    expect(integrityCheck(file)).toEqual({ ok: true })

    const target = path.join(scratch, 'restored.db')
    fs.writeFileSync(target, 'old database')
    const { safetyCopy } = restoreDatabase({ backup: file, target })
    expect(fs.readFileSync(safetyCopy!, 'utf8')).toBe('old database')

    const original = dump(source)
    const restored = dump(target)
    expect(Object.keys(restored)).toEqual(Object.keys(original))
    for (const table of Object.keys(original)) expect(restored[table], table).toEqual(original[table])
    expect((restored.IdentityKey as unknown[]).length).toBe(1)
    expect((restored.Contact as unknown[]).length).toBe(1)
  })

  test('a corrupt or foreign file is refused and nothing is touched', () => {
    const target = path.join(scratch, 'current.db')
    fs.writeFileSync(target, 'current')
    const corrupt = path.join(scratch, 'corrupt.db')
    fs.writeFileSync(corrupt, 'SQLite format 3\0 but then garbage'.repeat(200))
    expect(integrityCheck(corrupt).ok).toBe(false)
    expect(() => restoreDatabase({ backup: corrupt, target })).toThrow(/integrity check/)
    const empty = path.join(scratch, 'empty.db')
    new Database(empty).close()
    expect(integrityCheck(empty)).toEqual({ ok: false, problem: 'not a Wegbegleiter database (tables missing)' })
    expect(fs.readFileSync(target, 'utf8')).toBe('current')
  })

  test('only the newest backups are kept', () => {
    for (const day of ['01', '02', '03', '04']) fs.writeFileSync(path.join(scratch, `wegbegleiter-2026-01-${day}T00-00-00.db`), '')
    fs.writeFileSync(path.join(scratch, 'unrelated.txt'), '')
    expect(pruneBackups(scratch, 2)).toEqual(['wegbegleiter-2026-01-01T00-00-00.db', 'wegbegleiter-2026-01-02T00-00-00.db'])
    expect(fs.readdirSync(scratch).sort()).toEqual(['unrelated.txt', 'wegbegleiter-2026-01-03T00-00-00.db', 'wegbegleiter-2026-01-04T00-00-00.db'])
  })
})
