import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { runProcess } from '#tests/setup/run-process.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { pipeline } from 'node:stream/promises'
import { deleteDocument } from '#app/models/document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { decryptContent, type StoredDocumentCrypto } from '#app/utils/document-crypto.server.ts'
import { documentDir, listStore, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { addIdentity, fillCaseFile, FREE_TEXT } from '#tests/privacy-fixtures.ts'
import { baseDatabase } from '#tests/setup/paths.ts'
import { HEADER_BYTES } from './backup-crypto.ts'
import { BACKUP_SUFFIX, backupDatabase, databasePath, integrityCheck, pruneBackups, restoreDatabase } from './backup.ts'
import { documentsFolderOf } from './document-backup.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-backup-'))
afterEach(() => {
  for (const name of fs.readdirSync(scratch)) fs.rmSync(path.join(scratch, name), { recursive: true, force: true })
})
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const key = crypto.randomBytes(32)
// the document store a restore replaces (never the test worker's own)
const store = path.join(scratch, 'store')
const modeOf = (file: string) => fs.statSync(file).mode & 0o777

function dump(file: string) {
  const db = new Database(file, { readonly: true })
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name)
  // by rowid, or by the primary key of a WITHOUT ROWID table (CaseYear)
  const order = (table: string) =>
    Number(db.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table))
      ? (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]).map((column) => `"${column}"`).join(', ')
      : 'rowid'
  const content = Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY ${order(table)}`).all()]))
  db.close()
  return content
}

/** A stand-alone database (a copy of the migrated template) with a case file in it, for restores. */
function templateCopy(name: string) {
  const file = path.join(scratch, name)
  fs.copyFileSync(baseDatabase, file)
  return file
}

/** The database the restore would replace, with recognisable content. */
function currentDatabase() {
  const target = path.join(scratch, 'data', 'current.db')
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, 'current database')
  return target
}

const untouched = (target: string) => {
  expect(fs.readFileSync(target, 'utf8')).toBe('current database')
  expect(fs.readdirSync(path.dirname(target))).toEqual([path.basename(target)])
}

describe('encrypted backup and restore (issue 12, finding 9)', () => {
  test('a backup of the live database is encrypted, private, and restores every record', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await fillCaseFile({ caseId: kase.id, userId: counsellor.id, teamId: eae.id })
    await addIdentity({ caseId: kase.id, clientId: kase.clientId, userId: counsellor.id, teamId: eae.id })
    const source = databasePath()
    // Written through the running client (WAL mode): the backup must see it without a checkpoint.
    expect(await prisma.auditEvent.count()).toBeGreaterThan(0)

    const backups = path.join(scratch, 'backups')
    const { file } = await backupDatabase({ key, source, directory: backups, keep: 3 })
    expect(path.basename(file)).toMatch(/^wegbegleiter-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.db\.enc$/)
    expect(modeOf(backups)).toBe(0o700)
    expect(modeOf(file)).toBe(0o600)
    expect(fs.readdirSync(backups)).toEqual([path.basename(file)])
    // No plain copy is left beside the database either.
    expect(fs.readdirSync(path.dirname(source)).filter((name) => name.includes('.backup-'))).toEqual([])
    const bytes = fs.readFileSync(file)
    expect(bytes.subarray(0, 8).toString()).toBe('WBBACKUP')
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false)
    expect(bytes.includes(Buffer.from(FREE_TEXT))).toBe(false)
    expect(bytes.includes(Buffer.from(kase.pseudonymCode))).toBe(false)

    const target = currentDatabase()
    const { safetyCopy } = await restoreDatabase({ documentStore: store, backup: file, target, key })
    expect(fs.readFileSync(safetyCopy!, 'utf8')).toBe('current database')
    expect(modeOf(target)).toBe(0o600)
    expect(modeOf(safetyCopy!)).toBe(0o600)
    expect(integrityCheck(target)).toEqual({ ok: true })

    const original = dump(source)
    const restored = dump(target)
    expect(Object.keys(restored)).toEqual(Object.keys(original))
    for (const table of Object.keys(original)) expect(restored[table], table).toEqual(original[table])
    expect((restored.IdentityKey as unknown[]).length).toBe(1)
    expect((restored.Contact as unknown[]).length).toBe(1)
  })

  test('a wrong key stops the restore with a clear error; the current database stays untouched', async () => {
    const { file } = await backupDatabase({ key, source: templateCopy('source.db'), directory: path.join(scratch, 'backups') })
    const target = currentDatabase()
    await expect(restoreDatabase({ documentStore: store, backup: file, target, key: crypto.randomBytes(32) })).rejects.toThrow(/the backup key does not match this backup/)
    await expect(restoreDatabase({ documentStore: store, backup: file, target, key: null })).rejects.toThrow(/it is encrypted and no backup key was given/)
    untouched(target)
  })

  test('a changed or shortened backup stops the restore; the current database stays untouched', async () => {
    const { file } = await backupDatabase({ key, source: templateCopy('source.db'), directory: path.join(scratch, 'backups'), chunkLog2: 12 })
    const original = fs.readFileSync(file)
    const target = currentDatabase()
    const variants = {
      'a flipped byte in the middle': (() => {
        const changed = Buffer.from(original)
        changed[Math.floor(changed.length / 2)] = changed[Math.floor(changed.length / 2)]! ^ 0x40
        return changed
      })(),
      'cut at a chunk boundary': original.subarray(0, HEADER_BYTES + 3 * (4096 + 16)),
      'cut inside a chunk': original.subarray(0, original.length - 100),
      'one byte short': original.subarray(0, original.length - 1),
      'with bytes appended': Buffer.concat([original, Buffer.from('more')]),
    }
    for (const [label, bytes] of Object.entries(variants)) {
      const tampered = path.join(scratch, `tampered${BACKUP_SUFFIX}`)
      fs.writeFileSync(tampered, bytes)
      await expect(restoreDatabase({ documentStore: store, backup: tampered, target, key }), label).rejects.toThrow(/damaged, shortened or was changed/)
      untouched(target)
    }
  })

  test('a backup whose audit log lost its append-only triggers is refused', async () => {
    const source = templateCopy('source.db')
    const db = new Database(source)
    db.exec('DROP TRIGGER "AuditEvent_no_delete"')
    db.close()
    const { file } = await backupDatabase({ key, source, directory: path.join(scratch, 'backups') })
    const target = currentDatabase()
    await expect(restoreDatabase({ documentStore: store, backup: file, target, key })).rejects.toThrow(/audit log check failed \(the audit log's append-only triggers are missing or changed \(AuditEvent_no_delete\)\)/)
    untouched(target)

    // A trigger that exists by name but lets changes through is refused as well.
    const hollow = templateCopy('hollow.db')
    const other = new Database(hollow)
    other.exec('DROP TRIGGER "AuditEvent_no_update"; CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" WHEN 0 BEGIN SELECT RAISE(ABORT, \'x\'); END;')
    other.close()
    const second = await backupDatabase({ key, source: hollow, directory: path.join(scratch, 'backups-2') })
    await expect(restoreDatabase({ documentStore: store, backup: second.file, target, key })).rejects.toThrow(/do not refuse changes/)
    untouched(target)
  })

  test('an unencrypted backup of an older version is restored only when asked for; a foreign file never', async () => {
    const legacy = templateCopy('wegbegleiter-2026-01-01T00-00-00.db')
    const target = currentDatabase()
    await expect(restoreDatabase({ documentStore: store, backup: legacy, target, key })).rejects.toThrow(/unencrypted backup of an older version.*--allow-unencrypted/)
    untouched(target)
    const corrupt = path.join(scratch, 'corrupt.db')
    fs.writeFileSync(corrupt, 'SQLite format 3\0 but then garbage'.repeat(200))
    await expect(restoreDatabase({ documentStore: store, backup: corrupt, target, key, allowUnencrypted: true })).rejects.toThrow(/integrity check failed/)
    const foreign = path.join(scratch, 'notes.txt')
    fs.writeFileSync(foreign, 'just some text')
    await expect(restoreDatabase({ documentStore: store, backup: foreign, target, key, allowUnencrypted: true })).rejects.toThrow(/not an encrypted Wegbegleiter backup/)
    untouched(target)
    await restoreDatabase({ documentStore: store, backup: legacy, target, key: null, allowUnencrypted: true })
    expect(integrityCheck(target)).toEqual({ ok: true })
  })

  test('documents: the backup holds the encrypted files its database lists; restore brings back exactly those', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const kept = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.pdf })
    const erased = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.png, name: 'photo.png' })
    const rows = await prisma.document.findMany({ where: { caseId: kase.id }, select: { id: true, storageName: true }, orderBy: { storageName: 'asc' } })
    const atBackup = new Map(rows.map((row) => [row.storageName, fs.readFileSync(storagePath(row.storageName, documentDir()))]))

    const backups = path.join(scratch, 'backups')
    const { file, documents } = await backupDatabase({ key, directory: backups, keep: 3, documentStore: documentDir() })
    expect(documents).toEqual({ folder: documentsFolderOf(file), copied: 2, bytes: [...atBackup.values()].reduce((sum, bytes) => sum + bytes.length, 0), missing: [] })
    expect(documents.folder).toBe(file.replace(/\.db\.enc$/, '.documents'))
    // encrypted as stored: the same bytes, private permissions
    const inBackup = listStore(documents.folder).files
    expect(inBackup.map((entry) => entry.storageName).sort()).toEqual([...atBackup.keys()])
    for (const entry of inBackup) {
      expect(fs.readFileSync(entry.file)).toEqual(atBackup.get(entry.storageName))
      expect(entry.mode).toBe(0o600)
    }
    expect(modeOf(documents.folder)).toBe(0o700)

    // after the backup: one document deleted, one uploaded
    expect(await deleteDocument({ actor, caseId: kase.id, documentId: erased })).toBe(true)
    const later = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.jpeg, name: 'later.jpg' })
    const laterName = (await prisma.document.findUniqueOrThrow({ where: { id: later }, select: { storageName: true } })).storageName
    expect(inBackup.map((entry) => entry.storageName)).not.toContain(laterName)

    fs.mkdirSync(store)
    fs.writeFileSync(path.join(store, 'current-file'), 'current')
    const target = currentDatabase()
    const restored = await restoreDatabase({ backup: file, target, key, documentStore: store, now: new Date('2026-12-04T12:00:00Z') })
    expect(restored.documents).toEqual({ restored: 2, previous: `${store}.before-restore-2026-12-04T12-00-00` })
    expect(fs.readFileSync(path.join(restored.documents.previous!, 'current-file'), 'utf8')).toBe('current')
    const back = listStore(store)
    expect(back.files.map((entry) => entry.storageName).sort()).toEqual([...atBackup.keys()])
    expect(back.strays).toEqual([])
    for (const entry of back.files) expect(fs.readFileSync(entry.file)).toEqual(atBackup.get(entry.storageName))
    const restoredDb = new Database(target, { readonly: true })
    expect(restoredDb.prepare('SELECT id, storageName FROM "Document" WHERE caseId = ? ORDER BY storageName').all(kase.id)).toEqual(rows)

    // the restored pair opens: the restored row's wrapped key decrypts the restored file to the upload
    const row = restoredDb.prepare('SELECT id, storageName, wrappedKey, keyVersion, iv, authTag FROM "Document" WHERE id = ?').get(kept) as StoredDocumentCrypto & { id: string; storageName: string }
    restoredDb.close()
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
    const { file, documents } = await backupDatabase({ key, directory: path.join(scratch, 'backups'), keep: 3, documentStore: documentDir() })
    fs.rmSync(documents.folder, { recursive: true })
    const target = currentDatabase()
    await expect(restoreDatabase({ backup: file, target, key, documentStore: store })).rejects.toThrow(/lists 1 document\(s\) but the folder .* is missing.*--allow-missing-documents/)
    untouched(target)
    expect(fs.existsSync(store)).toBe(false)
    const restored = await restoreDatabase({ backup: file, target, key, documentStore: store, allowMissingDocuments: true })
    expect(restored.documents).toEqual({ restored: 0, previous: null })
    expect(listStore(store).files).toEqual([])
  })

  test('only the newest backups are kept, encrypted and older plain ones alike', () => {
    for (const day of ['01', '02']) fs.writeFileSync(path.join(scratch, `wegbegleiter-2026-01-${day}T00-00-00.db`), '')
    for (const day of ['03', '04']) fs.writeFileSync(path.join(scratch, `wegbegleiter-2026-01-${day}T00-00-00.db.enc`), '')
    // with their documents
    for (const day of ['01', '04']) fs.mkdirSync(path.join(scratch, `wegbegleiter-2026-01-${day}T00-00-00.documents`))
    fs.writeFileSync(path.join(scratch, 'unrelated.txt'), '')
    expect(pruneBackups(scratch, 2)).toEqual(['wegbegleiter-2026-01-01T00-00-00.db', 'wegbegleiter-2026-01-02T00-00-00.db'])
    expect(fs.readdirSync(scratch).sort()).toEqual([
      'unrelated.txt',
      'wegbegleiter-2026-01-03T00-00-00.db.enc',
      'wegbegleiter-2026-01-04T00-00-00.db.enc',
      'wegbegleiter-2026-01-04T00-00-00.documents',
    ])
  })
})

describe('npm run backup / npm run restore', () => {
  const run = (script: string, args: string[], env: Record<string, string>) =>
    runProcess(process.execPath, ['--import', 'tsx', path.resolve('scripts', script), ...args], {
      env: { ...process.env, APP_MODE: 'production', BACKUP_KEY: '', BACKUP_KEY_FILE: '', DOCUMENT_DIR: store, ...env },
    })

  test('round trip from the command line; a wrong key file stops the restore with the database untouched', { timeout: scaledAtStart(120_000) }, async () => {
    const database = templateCopy('live.db')
    const keyFile = path.join(scratch, 'backup.key')
    fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('base64'))
    const backups = path.join(scratch, 'backups')
    const env = { DATABASE_URL: `file:${database}`, BACKUP_DIR: backups, BACKUP_KEY_FILE: keyFile }

    const refused = await run('backup.ts', [], { ...env, BACKUP_KEY_FILE: '' })
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/No backup key is configured \(BACKUP_KEY_FILE or BACKUP_KEY\)/)

    const backup = await run('backup.ts', [], env)
    expect(backup.status, backup.stderr).toBe(0)
    const [name] = fs.readdirSync(backups)
    const file = path.join(backups, name!)

    const wrongKeyFile = path.join(scratch, 'wrong.key')
    fs.writeFileSync(wrongKeyFile, crypto.randomBytes(32).toString('base64'))
    const before = fs.readFileSync(database)
    const wrong = await run('restore.ts', [file, '--yes', '--key-file', wrongKeyFile], env)
    expect(wrong.status).toBe(1)
    expect(wrong.stderr).toContain('the backup key does not match this backup')
    expect(wrong.stderr).toContain(`Nothing was changed: ${database} is as it was.`)
    expect(fs.readFileSync(database).equals(before)).toBe(true)

    const restore = await run('restore.ts', [file, '--yes'], env)
    expect(restore.status, restore.stderr).toBe(0)
    expect(restore.stdout).toContain('decrypted, integrity check ok, audit log triggers in place')
    expect(fs.readdirSync(scratch).some((entry) => entry.startsWith('live.db.before-restore-'))).toBe(true)
  })
})
