import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { decryptContent, documentKeyConfig } from '#app/utils/document-crypto.server.ts'
import { documentDir, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { checkDocumentStore, deleteDangling, rotateDocumentKeys, storeProblems, verifyStoredFile } from './document.server.ts'

async function arrange() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
  const ids = [await addDocument({ actor, caseId: kase.id }), await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.png }), await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.jpeg })]
  const rows = await prisma.document.findMany({ where: { id: { in: ids } }, select: { id: true, caseId: true, storageName: true }, orderBy: { id: 'asc' } })
  return { kase, rows }
}

describe('documents:check', () => {
  test('a sound store has no problems', async () => {
    await arrange()
    const check = await checkDocumentStore({ verify: true })
    expect({ rows: check.rows, files: check.files, problems: storeProblems(check) }).toEqual({ rows: 3, files: 3, problems: 0 })
  })

  test('reports a missing file, a dangling file, a stray, a stale upload, wrong permissions and a damaged file; --delete-dangling clears what it may', async () => {
    const { rows } = await arrange()
    const [gone, changed, loose] = rows
    fs.rmSync(storagePath(gone!.storageName))
    fs.appendFileSync(storagePath(changed!.storageName), 'x')
    fs.chmodSync(storagePath(changed!.storageName), 0o644)
    // a file left without a row (the process died between a commit and the removal)
    await prisma.document.delete({ where: { id: loose!.id } })
    fs.writeFileSync(path.join(documentDir(), 'notes.txt'), 'not ours')
    const stale = path.join(documentDir(), '.incoming', 'aaaa.part')
    fs.mkdirSync(path.dirname(stale), { recursive: true })
    fs.writeFileSync(stale, 'half')
    fs.utimesSync(stale, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000))

    const check = await checkDocumentStore({ verify: true })
    expect(check.missing).toEqual([{ documentId: gone!.id, caseId: gone!.caseId }])
    expect(check.dangling).toEqual([loose!.storageName])
    expect(check.strays).toEqual([path.join(documentDir(), 'notes.txt')])
    expect(check.staleIncoming).toEqual([stale])
    expect(check.permissions).toEqual([{ path: storagePath(changed!.storageName), mode: '644' }])
    expect(check.damaged).toEqual([{ documentId: changed!.id, caseId: changed!.caseId, problem: 'damaged' }])
    expect(storeProblems(check)).toBe(6)

    expect(deleteDangling(check)).toBe(2)
    const after = await checkDocumentStore()
    expect({ dangling: after.dangling, staleIncoming: after.staleIncoming, missing: after.missing.length }).toEqual({ dangling: [], staleIncoming: [], missing: 1 })
  })
})

describe('documents:rotate-key', () => {
  test('re-wraps every per-file key without touching the files; the old key no longer opens them', async () => {
    const { rows } = await arrange()
    const before = Object.fromEntries(rows.map((row) => [row.id, fs.readFileSync(storagePath(row.storageName))]))
    const current = documentKeyConfig()!
    const next = { key: crypto.randomBytes(32), keyVersion: 2 }

    const dryRun = await rotateDocumentKeys({ current, next, dryRun: true })
    expect(dryRun).toEqual({ total: 3, rotated: 0, failed: 0, keyVersion: 2, dryRun: true })
    expect(await prisma.document.count({ where: { keyVersion: 1 } })).toBe(3)

    expect(await rotateDocumentKeys({ current, next })).toEqual({ total: 3, rotated: 3, failed: 0, keyVersion: 2, dryRun: false })
    const rotated = await prisma.document.findMany({ select: { id: true, mediaType: true, storageName: true, wrappedKey: true, keyVersion: true, iv: true, authTag: true } })
    for (const row of rotated) {
      expect(fs.readFileSync(storagePath(row.storageName))).toEqual(before[row.id])
      expect(row.keyVersion).toBe(2)
      expect(await verifyStoredFile(row)).toBe('key-version')
    }
    // with the new key configured, the content is intact
    const pdf = rotated.find((row) => row.mediaType === 'application/pdf')!
    const plain = await text(fs.createReadStream(storagePath(pdf.storageName)).pipe(decryptContent(pdf.id, pdf, next)))
    expect(Buffer.from(plain, 'latin1')).toEqual(SAMPLE_FILES.pdf)
    expect(await prisma.auditEvent.count({ where: { action: 'document.rotate-key' } })).toBe(1)

    // a key that does not unwrap: nothing is written
    await prisma.document.update({ where: { id: rotated[0]!.id }, data: { keyVersion: 2, wrappedKey: Buffer.alloc(60).toString('base64') } })
    expect(await rotateDocumentKeys({ current: next, next: { key: crypto.randomBytes(32), keyVersion: 3 } })).toMatchObject({ failed: 1, rotated: 0 })
    expect(await prisma.document.count({ where: { keyVersion: 3 } })).toBe(0)
  })
})
