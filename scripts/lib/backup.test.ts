import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { deleteDocument } from '#app/models/document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { decryptContent, type StoredDocumentCrypto } from '#app/utils/document-crypto.server.ts'
import { documentDir, listStore, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { addIdentity, fillCaseFile } from '#tests/privacy-fixtures.ts'
import { backupDatabase, databasePath, integrityCheck, pruneBackups, restoreDatabase } from './backup.ts'
import { documentsFolderOf } from './document-backup.ts'

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
    const { safetyCopy } = restoreDatabase({ backup: file, target, documentStore: path.join(scratch, 'store') })
    expect(fs.readFileSync(safetyCopy!, 'utf8')).toBe('old database')

    const original = dump(source)
    const restored = dump(target)
    expect(Object.keys(restored)).toEqual(Object.keys(original))
    for (const table of Object.keys(original)) expect(restored[table], table).toEqual(original[table])
    expect((restored.IdentityKey as unknown[]).length).toBe(1)
    expect((restored.Contact as unknown[]).length).toBe(1)
  })

  test('documents: the backup holds the encrypted files its database lists; restore brings back exactly those', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const kept = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.pdf })
    const erased = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.png, name: 'photo.png' })
    const rows = await prisma.document.findMany({ where: { caseId: kase.id }, select: { id: true, storageName: true }, orderBy: { storageName: 'asc' } })
    const storedBytes = (name: string, root = documentDir()) => fs.readFileSync(storagePath(name, root))
    const atBackup = new Map(rows.map((row) => [row.storageName, storedBytes(row.storageName)]))

    const backups = path.join(scratch, 'backups')
    const { file, documents } = await backupDatabase({ directory: backups, keep: 3 })
    expect(documents).toEqual({ folder: documentsFolderOf(file), copied: 2, bytes: [...atBackup.values()].reduce((sum, bytes) => sum + bytes.length, 0), missing: [] })
    // encrypted as stored: the same bytes, private permissions
    const inBackup = listStore(documents.folder).files
    expect(inBackup.map((entry) => entry.storageName).sort()).toEqual([...atBackup.keys()])
    for (const entry of inBackup) {
      expect(fs.readFileSync(entry.file)).toEqual(atBackup.get(entry.storageName))
      expect(entry.mode).toBe(0o600)
    }

    // after the backup: one document deleted, one uploaded
    expect(await deleteDocument({ actor, caseId: kase.id, documentId: erased })).toBe(true)
    const later = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.jpeg, name: 'later.jpg' })
    const laterName = (await prisma.document.findUniqueOrThrow({ where: { id: later }, select: { storageName: true } })).storageName
    expect(inBackup.map((entry) => entry.storageName)).not.toContain(laterName)

    const store = path.join(scratch, 'store')
    fs.mkdirSync(store)
    fs.writeFileSync(path.join(store, 'current-file'), 'current')
    const target = path.join(scratch, 'restored.db')
    const restored = restoreDatabase({ backup: file, target, documentStore: store, now: new Date('2026-12-04T12:00:00Z') })
    expect(restored.documents).toEqual({ restored: 2, missing: 0, previousStore: `${store}.before-restore-2026-12-04T12-00-00` })
    expect(fs.readFileSync(path.join(restored.documents.previousStore!, 'current-file'), 'utf8')).toBe('current')
    const back = listStore(store)
    expect(back.files.map((entry) => entry.storageName).sort()).toEqual([...atBackup.keys()])
    expect(back.strays).toEqual([])
    for (const entry of back.files) expect(fs.readFileSync(entry.file)).toEqual(atBackup.get(entry.storageName))
    const restoredRows = new Database(target, { readonly: true }).prepare('SELECT id, storageName FROM "Document" WHERE caseId = ? ORDER BY storageName').all(kase.id)
    expect(restoredRows).toEqual(rows)

    // the restored pair opens: the restored row's wrapped key decrypts the restored file to the upload
    const row = new Database(target, { readonly: true }).prepare('SELECT id, storageName, wrappedKey, keyVersion, iv, authTag FROM "Document" WHERE id = ?').get(kept) as StoredDocumentCrypto & { id: string; storageName: string }
    const plain: Buffer[] = []
    await pipeline(fs.createReadStream(storagePath(row.storageName, store)), decryptContent(row.id, row), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) plain.push(chunk)
    })
    expect(Buffer.concat(plain)).toEqual(Buffer.from(SAMPLE_FILES.pdf))
  })

  test('a backup without its documents is not restored unless asked; nothing is touched', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await addDocument({ actor: { id: counsellor.id, role: counsellor.role, teamId: eae.id }, caseId: kase.id })
    const { file, documents } = await backupDatabase({ directory: path.join(scratch, 'backups'), keep: 3 })
    fs.rmSync(documents.folder, { recursive: true })
    const target = path.join(scratch, 'current.db')
    fs.writeFileSync(target, 'current')
    const store = path.join(scratch, 'store')
    expect(() => restoreDatabase({ backup: file, target, documentStore: store })).toThrow(/lists 1 document\(s\) but the folder .* is missing/)
    expect(fs.readFileSync(target, 'utf8')).toBe('current')
    expect(fs.existsSync(store)).toBe(false)
    expect(restoreDatabase({ backup: file, target, documentStore: store, allowMissingDocuments: true }).documents).toMatchObject({ restored: 0, missing: 1 })
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

  test('only the newest backups are kept, with their documents', () => {
    for (const day of ['01', '02', '03', '04']) {
      fs.writeFileSync(path.join(scratch, `wegbegleiter-2026-01-${day}T00-00-00.db`), '')
      fs.mkdirSync(path.join(scratch, `wegbegleiter-2026-01-${day}T00-00-00.documents`))
    }
    fs.writeFileSync(path.join(scratch, 'unrelated.txt'), '')
    expect(pruneBackups(scratch, 2)).toEqual(['wegbegleiter-2026-01-01T00-00-00.db', 'wegbegleiter-2026-01-02T00-00-00.db'])
    expect(fs.readdirSync(scratch).sort()).toEqual([
      'unrelated.txt',
      'wegbegleiter-2026-01-03T00-00-00.db',
      'wegbegleiter-2026-01-03T00-00-00.documents',
      'wegbegleiter-2026-01-04T00-00-00.db',
      'wegbegleiter-2026-01-04T00-00-00.documents',
    ])
  })
})
