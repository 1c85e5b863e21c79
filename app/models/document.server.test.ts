import fs from 'node:fs'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { documentDir, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument, documentKindId, uploadRequest } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { pdfOfSize, SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { discardStaged, openDocument, receiveDocuments, storeDocuments, uploadLimits } from './document.server.ts'

async function setUp() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  return { actor: { id: counsellor.id, role: counsellor.role, teamId: eae.id }, kase }
}

/** Every file under the store, incoming ones included. */
function filesInStore() {
  const root = documentDir()
  if (!fs.existsSync(root)) return []
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
}

const limits = () => ({ ...uploadLimits(), minFreeBytes: 0 })

describe('encrypted document store', () => {
  test('round trip: stored encrypted with private permissions, opened byte for byte, the download audited', async () => {
    const { actor, kase } = await setUp()
    const id = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.pdf })
    const row = await prisma.document.findUniqueOrThrow({ where: { id }, select: { storageName: true, mediaType: true, sizeBytes: true, keyVersion: true } })
    expect(row).toMatchObject({ mediaType: 'application/pdf', sizeBytes: SAMPLE_FILES.pdf.length, keyVersion: 1 })
    const file = storagePath(row.storageName)
    const stored = fs.readFileSync(file)
    expect(stored.length).toBe(SAMPLE_FILES.pdf.length)
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false)
    expect(stored.includes(Buffer.from('JavaScript'))).toBe(false)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.statSync(documentDir()).mode & 0o777).toBe(0o700)
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700)

    const opened = await openDocument({ actor, caseId: kase.id, documentId: id, purpose: 'download' })
    if (!opened.ok) throw new Error(opened.problem)
    expect(Buffer.from(await text(opened.content), 'latin1')).toEqual(SAMPLE_FILES.pdf)
    expect(opened.fileName).toMatch(/^other-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf$/)
    const events = await prisma.auditEvent.findMany({ where: { entity: 'document', entityId: id }, select: { action: true, outcome: true, userId: true, caseId: true }, orderBy: { id: 'asc' } })
    expect(events).toEqual([
      { action: 'document.upload', outcome: 'SUCCESS', userId: actor.id, caseId: kase.id },
      { action: 'document.download', outcome: 'SUCCESS', userId: actor.id, caseId: kase.id },
    ])
  })

  test('a changed byte, a swapped file or a swapped key is detected and nothing is handed out', async () => {
    const { actor, kase } = await setUp()
    const first = await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.pdf })
    const second = await addDocument({ actor, caseId: kase.id, bytes: pdfOfSize(5000) })
    const rows = await prisma.document.findMany({ where: { id: { in: [first, second] } }, select: { id: true, storageName: true, wrappedKey: true } })
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]))

    const file = storagePath(byId[first]!.storageName)
    const original = fs.readFileSync(file)
    const tampered = Buffer.from(original)
    tampered[10] = tampered[10]! ^ 0x01
    fs.writeFileSync(file, tampered)
    expect(await openDocument({ actor, caseId: kase.id, documentId: first, purpose: 'download' })).toEqual({ ok: false, problem: 'damaged' })
    fs.writeFileSync(file, original.subarray(0, original.length - 1))
    expect(await openDocument({ actor, caseId: kase.id, documentId: first, purpose: 'download' })).toEqual({ ok: false, problem: 'damaged' })
    fs.writeFileSync(file, original)
    const sound = await openDocument({ actor, caseId: kase.id, documentId: first, purpose: 'download' })
    if (!sound.ok) throw new Error(sound.problem)
    expect(Buffer.from(await text(sound.content), 'latin1')).toEqual(SAMPLE_FILES.pdf)

    // the other document's key under this document's id: bound to its own id, so it fails
    await prisma.document.update({ where: { id: first }, data: { wrappedKey: byId[second]!.wrappedKey } })
    expect(await openDocument({ actor, caseId: kase.id, documentId: first, purpose: 'download' })).toEqual({ ok: false, problem: 'damaged' })
    await prisma.document.update({ where: { id: first }, data: { wrappedKey: byId[first]!.wrappedKey } })
    // the other document's file under this document's row
    fs.copyFileSync(storagePath(byId[second]!.storageName), file)
    expect(await openDocument({ actor, caseId: kase.id, documentId: first, purpose: 'download' })).toEqual({ ok: false, problem: 'damaged' })
    fs.rmSync(file)
    expect(await openDocument({ actor, caseId: kase.id, documentId: first, purpose: 'download' })).toEqual({ ok: false, problem: 'missing' })

    const failures = await prisma.auditEvent.findMany({ where: { entityId: first, action: 'document.download', outcome: 'FAILED' }, select: { details: true } })
    expect(failures.map((event) => JSON.parse(event.details!).problem)).toEqual(['damaged', 'damaged', 'damaged', 'damaged', 'missing'])
  })

  test.each([
    ['a PDF (with JavaScript inside)', SAMPLE_FILES.pdf, 'application/pdf'],
    ['a JPEG', SAMPLE_FILES.jpeg, 'image/jpeg'],
    ['a PNG', SAMPLE_FILES.png, 'image/png'],
    ['a HEIC photo', SAMPLE_FILES.heic, 'image/heic'],
    ['a HEIF photo', SAMPLE_FILES.heif, 'image/heif'],
  ])('%s is recognised by its content, whatever it is called', async (_name, bytes, mediaType) => {
    const received = await receiveDocuments(uploadRequest('/cases/x/documents', { files: [{ name: 'IMG_0001.txt', bytes, type: 'text/plain' }] }), limits())
    if (received.kind !== 'received') throw new Error(received.kind)
    expect(received.rejected).toEqual([])
    expect(received.staged.map((document) => document.mediaType)).toEqual([mediaType])
    discardStaged(received.staged)
    expect(filesInStore()).toEqual([])
  })

  test('a renamed executable, text, an empty file, an oversized file and one file too many are refused; nothing is kept', async () => {
    const request = uploadRequest('/cases/x/documents', {
      fields: { kindId: '1' },
      files: [
        { name: 'bescheid.pdf', bytes: SAMPLE_FILES.exe, type: 'application/pdf' },
        { name: 'notiz.pdf', bytes: SAMPLE_FILES.text, type: 'application/pdf' },
        { name: 'leer.pdf', bytes: new Uint8Array(0), type: 'application/pdf' },
        { name: 'gross.pdf', bytes: pdfOfSize(70_000) },
        { name: 'gut.pdf', bytes: SAMPLE_FILES.pdf },
        { name: 'zuviel.pdf', bytes: SAMPLE_FILES.pdf },
      ],
    })
    const received = await receiveDocuments(request, { maxBytes: 64 * 1024, maxFiles: 5, minFreeBytes: 0 })
    if (received.kind !== 'received') throw new Error(received.kind)
    expect(received.rejected).toEqual([
      { name: 'bescheid.pdf', problem: 'type' },
      { name: 'notiz.pdf', problem: 'type' },
      { name: 'leer.pdf', problem: 'empty' },
      { name: 'gross.pdf', problem: 'too-large' },
      { name: 'zuviel.pdf', problem: 'too-many' },
    ])
    expect(received.staged).toHaveLength(1)
    expect(received.fields.get('kindId')).toBe('1')
    discardStaged(received.staged)
    expect(filesInStore()).toEqual([])
  })

  test('a file over the limit in the middle of the stream stops being written and leaves nothing', async () => {
    const received = await receiveDocuments(uploadRequest('/cases/x/documents', { files: [{ name: 'scan.pdf', bytes: pdfOfSize(3 * 1024 * 1024) }] }), {
      maxBytes: 1024 * 1024,
      maxFiles: 5,
      minFreeBytes: 0,
    })
    expect(received).toMatchObject({ kind: 'received', staged: [], rejected: [{ name: 'scan.pdf', problem: 'too-large' }] })
    expect(filesInStore()).toEqual([])
  })

  test('a connection cut in the middle of a file leaves no file and no row', async () => {
    const { kase } = await setUp()
    // the body of a real upload request up to the middle of its second file, then the connection fails
    const source = uploadRequest(`/cases/${kase.id}/documents`, { files: [{ name: 'a.pdf', bytes: SAMPLE_FILES.pdf }, { name: 'b.pdf', bytes: pdfOfSize(400_000) }] })
    const sent = new Uint8Array(await source.arrayBuffer()).subarray(0, 250_000)
    let pushed = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pushed) return controller.error(new Error('socket hang up'))
        pushed = true
        controller.enqueue(sent)
      },
    })
    const cut = new Request(`http://localhost/cases/${kase.id}/documents`, {
      method: 'POST',
      body,
      headers: { 'content-type': source.headers.get('content-type')! },
      duplex: 'half',
    } as RequestInit)
    expect(await receiveDocuments(cut, limits())).toEqual({ kind: 'malformed' })
    expect(filesInStore()).toEqual([])
    expect(await prisma.document.count()).toBe(0)
  })

  test('an upload that would fill the disk is refused before anything is read', async () => {
    const request = uploadRequest('/cases/x/documents', { files: [{ name: 'scan.pdf', bytes: SAMPLE_FILES.pdf }] })
    expect(await receiveDocuments(request, { ...uploadLimits(), minFreeBytes: Number.MAX_SAFE_INTEGER })).toEqual({ kind: 'no-space' })
    expect(filesInStore()).toEqual([])
  })

  test('if the rows cannot be written, the files are removed again', async () => {
    const { actor, kase } = await setUp()
    const received = await receiveDocuments(uploadRequest(`/cases/${kase.id}/documents`, { files: [{ name: 'a.pdf', bytes: SAMPLE_FILES.pdf }] }), limits())
    if (received.kind !== 'received') throw new Error(received.kind)
    // a kind id that does not exist: the foreign key fails inside the transaction
    await expect(storeDocuments({ actor, caseId: kase.id, staged: received.staged, kindId: 999_999, description: null, link: null })).rejects.toThrow()
    expect(filesInStore()).toEqual([])
    expect(await prisma.document.count()).toBe(0)
    expect(await documentKindId('CONSENT_SIGNED')).toBeGreaterThan(0)
  })
})
