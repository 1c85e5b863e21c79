// Documents in the case file (issue 17, decision 023): the only place that reads or writes the
// Document table and the encrypted files behind it. Callers have checked the case access first:
// `write` to upload, `read` to list, `read-confidential` (the rule of confidential notes) to open or delete.
//
// An upload is streamed: each file part of the multipart body is sniffed from its first bytes,
// encrypted as it arrives and written to the store's `.incoming/` folder; only when every file and
// every field is valid are the files moved into place and their rows written in one transaction.
// Whatever goes wrong before that (wrong type, too large, a cut connection, a full disk) removes the
// partial files, so there is never a file without a row or a row without a file.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { redirect, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { type Actor } from '#app/domain/access-policy.ts'
import { DOCUMENT_FILE_FIELD, downloadFileName, isAcceptedMediaType, type AcceptedMediaType, type DocumentLinkKind } from '#app/domain/documents.ts'
import { audit } from '#app/utils/audit.server.ts'
import { requireCaseForRoute, type CaseAccess } from './case-access.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import {
  decryptContent,
  DocumentCryptoError,
  encryptContent,
  unwrapFileKey,
  wrapFileKey,
  type DocumentKeyConfig,
  type StoredDocumentCrypto,
} from '#app/utils/document-crypto.server.ts'
import {
  documentDir,
  freeBytes,
  incomingPath,
  listStore,
  newStorageName,
  publish,
  removeQuietly,
  removeStored,
  staleIncoming,
  storagePath,
} from '#app/utils/document-store.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { notFound } from '#app/utils/request.server.ts'

/** file-type decides from at most this many leading bytes (its own "reasonable detection size"). */
const SNIFF_BYTES = 4100
/** Text fields of the upload form are short; anything longer is not our form. */
const MAX_TEXT_PART_BYTES = 16 * 1024

export type FileProblem = 'type' | 'empty' | 'too-large' | 'too-many'
export type RejectedFile = { name: string; problem: FileProblem }
export type StagedDocument = {
  id: string
  tempPath: string
  storageName: string
  mediaType: AcceptedMediaType
  sizeBytes: number
  crypto: StoredDocumentCrypto
}

export type Received =
  | { kind: 'received'; fields: FormData; staged: StagedDocument[]; rejected: RejectedFile[] }
  | { kind: 'no-space' }
  | { kind: 'malformed' }

export function uploadLimits() {
  const env = getEnv()
  return { maxBytes: env.DOCUMENT_MAX_BYTES, maxFiles: env.DOCUMENT_MAX_FILES, minFreeBytes: env.DOCUMENT_MIN_FREE_BYTES }
}

class UploadAborted extends Error {
  constructor(readonly reason: 'too-large' | 'field-too-large') {
    super(`Upload stopped (${reason})`)
  }
}

async function drain(iterator: AsyncIterator<Uint8Array>) {
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    // the parser can only move on to the next part once this one is read to its end
  }
}

async function readTextPart(data: AsyncIterable<Uint8Array>) {
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  const iterator = data[Symbol.asyncIterator]()
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    bytes += next.value.byteLength
    if (bytes > MAX_TEXT_PART_BYTES) {
      await drain(iterator)
      throw new UploadAborted('field-too-large')
    }
    text += decoder.decode(next.value, { stream: true })
  }
  return text + decoder.decode()
}

async function sniff(head: Buffer): Promise<AcceptedMediaType | null> {
  // Loaded on the first upload, not at start-up: file-type and its token readers add a few MB to the
  // resident set of every server process (issue 19, docs/performance.md "Memory", session 9).
  const { fileTypeFromBuffer } = await import('file-type')
  const detected = await fileTypeFromBuffer(head)
  return isAcceptedMediaType(detected?.mime) ? detected.mime : null
}

type FileOutcome = { kind: 'staged'; document: StagedDocument } | { kind: 'rejected'; problem: FileProblem } | { kind: 'nothing' }

/**
 * Reads one file part to its end. The type is decided from the first bytes before anything is
 * written; accepted content is encrypted into an exclusive `.incoming/` file as it arrives.
 */
async function stageFile(data: AsyncIterable<Uint8Array>, { maxBytes, chosen }: { maxBytes: number; chosen: boolean }): Promise<FileOutcome> {
  const iterator = data[Symbol.asyncIterator]()
  const head: Buffer[] = []
  let headBytes = 0
  let first = await iterator.next()
  while (!first.done && headBytes + first.value.byteLength < SNIFF_BYTES) {
    head.push(Buffer.from(first.value))
    headBytes += first.value.byteLength
    first = await iterator.next()
  }
  if (!first.done) {
    head.push(Buffer.from(first.value))
    headBytes += first.value.byteLength
  }
  // a file input left empty still sends a part, with no name and no bytes
  if (headBytes === 0) return chosen ? { kind: 'rejected', problem: 'empty' } : { kind: 'nothing' }
  if (headBytes > maxBytes) {
    await drain(iterator)
    return { kind: 'rejected', problem: 'too-large' }
  }
  const firstBytes = Buffer.concat(head)
  const mediaType = await sniff(firstBytes.subarray(0, SNIFF_BYTES))
  if (!mediaType) {
    await drain(iterator)
    return { kind: 'rejected', problem: 'type' }
  }

  const id = crypto.randomUUID()
  const tempPath = incomingPath()
  const encryption = encryptContent(id)
  let sizeBytes = 0
  async function* plaintext() {
    sizeBytes = firstBytes.byteLength
    yield firstBytes
    if (first.done) return
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      sizeBytes += next.value.byteLength
      if (sizeBytes > maxBytes) throw new UploadAborted('too-large')
      yield next.value
    }
  }
  const out = fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600, flush: true })
  try {
    await pipeline(Readable.from(plaintext()), encryption.stream, out)
  } catch (error) {
    // the file is opened and closed asynchronously: removing it before the stream has closed would
    // let an open still in flight create it again (only 'close' is awaited: the destroyed stream
    // also emits the pipeline's error)
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()))
    removeQuietly(tempPath)
    if (error instanceof UploadAborted && error.reason === 'too-large') {
      await drain(iterator)
      return { kind: 'rejected', problem: 'too-large' }
    }
    throw error
  }
  return { kind: 'staged', document: { id, tempPath, storageName: newStorageName(), mediaType, sizeBytes, crypto: encryption.result() } }
}

/**
 * Streams a multipart upload: text fields into FormData, files of the `files` field into staged,
 * encrypted temporary files. A file in any other field is read and dropped. The caller must either
 * `storeDocuments` the staged files or `discardStaged` them.
 */
export async function receiveDocuments(request: Request, limits = uploadLimits()): Promise<Received> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (freeBytes() - declared < limits.minFreeBytes) return { kind: 'no-space' }
  for (const file of staleIncoming()) removeQuietly(file)

  const staged: StagedDocument[] = []
  const rejected: RejectedFile[] = []
  let files = 0
  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) return readTextPart(part.data)
    if (part.name !== DOCUMENT_FILE_FIELD) {
      await drain(part.data[Symbol.asyncIterator]())
      return undefined
    }
    const name = part.filename.slice(0, 200)
    if (files >= limits.maxFiles) {
      await drain(part.data[Symbol.asyncIterator]())
      if (name) rejected.push({ name, problem: 'too-many' })
      return undefined
    }
    const outcome = await stageFile(part.data, { maxBytes: limits.maxBytes, chosen: name !== '' })
    if (outcome.kind === 'nothing') return undefined
    files += 1
    if (outcome.kind === 'staged') staged.push(outcome.document)
    else rejected.push({ name: name || '–', problem: outcome.problem })
    return undefined
  }
  try {
    const fields = await unstable_parseMultipartFormData(request, handler)
    return { kind: 'received', fields, staged, rejected }
  } catch (error) {
    discardStaged(staged)
    if (isNoSpace(error)) return { kind: 'no-space' }
    // a cut connection, a broken body, an oversized text field: the client's side of things
    return { kind: 'malformed' }
  }
}

function isNoSpace(error: unknown) {
  return Boolean(error && typeof error === 'object' && 'code' in error && (error as { code?: unknown }).code === 'ENOSPC')
}

export function discardStaged(staged: readonly StagedDocument[]) {
  for (const document of staged) removeQuietly(document.tempPath)
}

export type DocumentLink = { kind: DocumentLinkKind; id: string } | null

/** True when the linked record belongs to the case (a foreign or unknown id is refused). */
export async function linkBelongsToCase(caseId: string, link: DocumentLink) {
  if (!link) return true
  const where = { id: link.id, caseId }
  const select = { id: true } as const
  switch (link.kind) {
    case 'contact':
      return Boolean(await prisma.contact.findFirst({ where, select }))
    case 'consent':
      return Boolean(await prisma.consent.findFirst({ where, select }))
    case 'referral':
      return Boolean(await prisma.referral.findFirst({ where, select }))
    case 'mediation':
      return Boolean(await prisma.languageMediation.findFirst({ where, select }))
  }
}

export async function isDocumentKind(kindId: number) {
  return Boolean(await prisma.catalogueEntry.findFirst({ where: { id: kindId, catalogue: 'DOCUMENT_KIND', active: true }, select: { id: true } }))
}

function linkColumns(link: DocumentLink) {
  return {
    contactId: link?.kind === 'contact' ? link.id : null,
    consentId: link?.kind === 'consent' ? link.id : null,
    referralId: link?.kind === 'referral' ? link.id : null,
    mediationId: link?.kind === 'mediation' ? link.id : null,
  }
}

/** Moves the staged files into place and writes their rows and audit events in one transaction. */
export async function storeDocuments({
  actor,
  caseId,
  staged,
  kindId,
  description,
  link,
}: {
  actor: Actor
  caseId: string
  staged: readonly StagedDocument[]
  kindId: number
  description: string | null
  link: DocumentLink
}) {
  const published: string[] = []
  try {
    for (const document of staged) {
      publish(document.tempPath, document.storageName)
      published.push(document.storageName)
    }
    await prisma.$transaction(async (tx) => {
      for (const document of staged) {
        await tx.document.create({
          data: {
            id: document.id,
            caseId,
            kindId,
            description: description || null,
            mediaType: document.mediaType,
            sizeBytes: document.sizeBytes,
            storageName: document.storageName,
            ...document.crypto,
            uploadedById: actor.id,
            ...linkColumns(link),
          },
        })
        await audit(
          {
            userId: actor.id,
            action: 'document.upload',
            entity: 'document',
            entityId: document.id,
            caseId,
            details: { mediaType: document.mediaType, sizeBytes: document.sizeBytes, linked: link?.kind ?? null },
          },
          tx,
        )
      }
    })
  } catch (error) {
    removeStored(published)
    discardStaged(staged)
    throw error
  }
  return staged.map((document) => document.id)
}

const listSelect = {
  id: true,
  mediaType: true,
  sizeBytes: true,
  description: true,
  createdAt: true,
  contactId: true,
  consentId: true,
  referralId: true,
  mediationId: true,
  kind: { select: { code: true, labelDe: true, labelEn: true } },
  uploadedBy: { select: { displayName: true } },
  contact: { select: { date: true } },
  consent: { select: { givenAt: true } },
  referral: { select: { sentAt: true } },
  mediation: { select: { requestedAt: true } },
} as const

export type DocumentListItem = {
  id: string
  kindCode: string
  kind: string
  mediaType: string
  sizeBytes: number
  description: string | null
  createdAt: string
  uploadedBy: string | null
  link: { kind: DocumentLinkKind; id: string; date: string } | null
}

function toListItem(document: Awaited<ReturnType<typeof findDocuments>>[number], language: string): DocumentListItem {
  const link: DocumentListItem['link'] = document.contactId && document.contact
    ? { kind: 'contact', id: document.contactId, date: document.contact.date.toISOString() }
    : document.consentId && document.consent
      ? { kind: 'consent', id: document.consentId, date: document.consent.givenAt.toISOString() }
      : document.referralId && document.referral
        ? { kind: 'referral', id: document.referralId, date: document.referral.sentAt.toISOString() }
        : document.mediationId && document.mediation
          ? { kind: 'mediation', id: document.mediationId, date: document.mediation.requestedAt.toISOString() }
          : null
  return {
    id: document.id,
    kindCode: document.kind.code,
    kind: language === 'en' ? document.kind.labelEn : document.kind.labelDe,
    mediaType: document.mediaType,
    sizeBytes: document.sizeBytes,
    description: document.description,
    createdAt: document.createdAt.toISOString(),
    uploadedBy: document.uploadedBy?.displayName ?? null,
    link,
  }
}

function findDocuments(where: { caseId: string; consentId?: { in: string[] } }) {
  return prisma.document.findMany({ where, select: listSelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] })
}

/** The documents of a case, newest first, descriptions included (for those who may open them). */
export async function listCaseDocuments(caseId: string, language: string) {
  return (await findDocuments({ caseId })).map((document) => toListItem(document, language))
}

/**
 * The documents list as the viewer may see it: which documents exist for everyone who reads the
 * case, what one is about (its description) only for those who may open it. The view is audited.
 */
export async function viewCaseDocuments({ actor, kase, language }: { actor: Actor; kase: CaseAccess; language: string }) {
  const canOpen = kase.allowed.includes('read-confidential')
  const documents = await listCaseDocuments(kase.id, language)
  await audit({ userId: actor.id, action: 'document.list', entity: 'case', entityId: kase.id, caseId: kase.id, details: { documents: documents.length }, emergency: kase.relation === 'emergency' })
  return documents.map((document) => (canOpen ? document : { ...document, description: null }))
}

/** One document's details as the viewer may see them (as in viewCaseDocuments); null when the case has no such document. Audited. */
export async function viewCaseDocument({ actor, kase, documentId, language }: { actor: Actor; kase: CaseAccess; documentId: string | undefined; language: string }) {
  const document = await getCaseDocument(kase.id, documentId, language)
  if (!document) return null
  await audit({ userId: actor.id, action: 'document.view', entity: 'document', entityId: document.id, caseId: kase.id, emergency: kase.relation === 'emergency' })
  return kase.allowed.includes('read-confidential') ? document : { ...document, description: null }
}

/** The documents linked to the given consents of a case (the signed scans), by consent id. */
export async function documentsByConsent(caseId: string, consentIds: string[], language: string) {
  const documents = consentIds.length ? await findDocuments({ caseId, consentId: { in: consentIds } }) : []
  const byConsent = new Map<string, DocumentListItem[]>()
  for (const document of documents) {
    const item = toListItem(document, language)
    byConsent.set(document.consentId!, [...(byConsent.get(document.consentId!) ?? []), item])
  }
  return Object.fromEntries(byConsent)
}

export async function getCaseDocument(caseId: string, documentId: string | undefined, language: string) {
  if (!documentId) return null
  const [document] = await prisma.document.findMany({ where: { id: documentId, caseId }, select: listSelect, take: 1 })
  return document ? toListItem(document, language) : null
}

/** The case's records a new document can be linked to, newest first (at most 50 of each kind). */
export async function linkOptions(caseId: string) {
  const take = 50
  const [contacts, consents, referrals, mediations] = await Promise.all([
    prisma.contact.findMany({ where: { caseId }, select: { id: true, date: true }, orderBy: { date: 'desc' }, take }),
    prisma.consent.findMany({
      where: { caseId },
      select: { id: true, givenAt: true, recipientKind: true, recipientPartner: { select: { name: true } } },
      orderBy: { givenAt: 'desc' },
      take,
    }),
    prisma.referral.findMany({ where: { caseId }, select: { id: true, sentAt: true, kind: true }, orderBy: { sentAt: 'desc' }, take }),
    prisma.languageMediation.findMany({ where: { caseId }, select: { id: true, requestedAt: true, languageCode: true }, orderBy: { requestedAt: 'desc' }, take }),
  ])
  return {
    contacts: contacts.map((contact) => ({ id: contact.id, date: contact.date.toISOString() })),
    consents: consents.map((consent) => ({ id: consent.id, date: consent.givenAt.toISOString(), recipient: consent.recipientPartner?.name ?? null, recipientKind: consent.recipientKind })),
    referrals: referrals.map((referral) => ({ id: referral.id, date: referral.sentAt.toISOString(), kind: referral.kind })),
    mediations: mediations.map((mediation) => ({ id: mediation.id, date: mediation.requestedAt.toISOString(), languageCode: mediation.languageCode })),
  }
}

const cryptoSelect = { id: true, storageName: true, wrappedKey: true, keyVersion: true, iv: true, authTag: true } as const
type CryptoRow = { id: string; storageName: string } & StoredDocumentCrypto

export type IntegrityProblem = 'missing' | 'damaged' | 'key-version'

/** Decrypts the whole file without keeping anything: GCM checks its tag at the end. */
export async function verifyStoredFile(row: CryptoRow): Promise<IntegrityProblem | null> {
  try {
    await pipeline(
      fs.createReadStream(storagePath(row.storageName)),
      decryptContent(row.id, row),
      new Writable({ write: (_chunk, _encoding, callback) => callback() }),
    )
    return null
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT') return 'missing'
    if (error instanceof DocumentCryptoError && error.reason === 'key-version') return 'key-version'
    if (error instanceof DocumentCryptoError) return 'damaged'
    throw error
  }
}

/** The decrypted content as a stream (to be called after verifyStoredFile said the file is sound). */
export function decryptedStream(row: CryptoRow): Readable {
  return fs.createReadStream(storagePath(row.storageName)).pipe(decryptContent(row.id, row))
}

export type OpenedDocument =
  | { ok: true; content: Readable; mediaType: AcceptedMediaType; fileName: string; sizeBytes: number }
  | { ok: false; problem: IntegrityProblem | 'not-found' }

/**
 * Opens a document for a person: checks the file (so no unauthenticated byte ever leaves), audits
 * the download or preview with its outcome, and returns the decrypted content as a stream.
 */
/**
 * The document of a download or preview route: the case with `read-confidential` (a foreign or
 * hidden case answers 404), the file opened and audited for the purpose. A missing document — or,
 * with `accept`, one of another type — answers 404 before anything is audited; a damaged file
 * sends the user back to the document's page with the problem named.
 */
export async function requireOpenedDocument(
  { request, params }: { request: Request; params: { caseId?: string; documentId?: string } },
  purpose: 'download' | 'preview',
  accept: (mediaType: string) => boolean = () => true,
) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read-confidential')
  const stored = params.documentId
    ? await prisma.document.findFirst({ where: { id: params.documentId, caseId: kase.id }, select: { mediaType: true } })
    : null
  if (!stored || !accept(stored.mediaType)) notFound()
  const opened = await openDocument({
    actor: user,
    caseId: kase.id,
    documentId: params.documentId,
    purpose,
    emergency: kase.relation === 'emergency',
  })
  if (!opened.ok) {
    if (opened.problem === 'not-found') notFound()
    throw redirect(`/cases/${kase.id}/documents/${params.documentId}?problem=${opened.problem}`)
  }
  return opened
}

export async function openDocument({
  actor,
  caseId,
  documentId,
  purpose,
  emergency = false,
}: {
  actor: Actor
  caseId: string
  documentId: string | undefined
  purpose: 'download' | 'preview' | 'subject-access'
  emergency?: boolean
}): Promise<OpenedDocument> {
  const row = documentId
    ? await prisma.document.findFirst({
        where: { id: documentId, caseId },
        select: { ...cryptoSelect, mediaType: true, sizeBytes: true, createdAt: true, kind: { select: { code: true } } },
      })
    : null
  if (!row || !isAcceptedMediaType(row.mediaType)) return { ok: false, problem: 'not-found' }
  const problem = await verifyStoredFile(row)
  await audit({
    userId: actor.id,
    action: `document.${purpose}`,
    entity: 'document',
    entityId: row.id,
    caseId,
    outcome: problem ? 'FAILED' : 'SUCCESS',
    details: problem ? { problem } : null,
    emergency,
  })
  if (problem) return { ok: false, problem }
  return {
    ok: true,
    content: decryptedStream(row),
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    fileName: downloadFileName({ kindCode: row.kind.code, uploadedOn: berlinDate(row.createdAt), id: row.id, mediaType: row.mediaType }),
  }
}

const berlinDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' })
/** The calendar day in Germany (YYYY-MM-DD) on which an instant falls. */
function berlinDate(instant: Date) {
  return berlinDateFormat.format(instant)
}

/** Deletes a document: its row and audit event together, then the file. */
export async function deleteDocument({ actor, caseId, documentId }: { actor: Actor; caseId: string; documentId: string }) {
  const deleted = await prisma.$transaction(async (tx) => {
    const row = await tx.document.findFirst({ where: { id: documentId, caseId }, select: { id: true, storageName: true, mediaType: true, sizeBytes: true } })
    if (!row) return null
    await tx.document.delete({ where: { id: row.id } })
    await audit({ userId: actor.id, action: 'document.delete', entity: 'document', entityId: row.id, caseId, details: { mediaType: row.mediaType, sizeBytes: row.sizeBytes } }, tx)
    return row
  })
  if (deleted) removeStored([deleted.storageName])
  return Boolean(deleted)
}

/**
 * Deletes the rows of every document of the given cases inside the caller's transaction and returns
 * the files to remove once it has committed (erasure and retention). If the process dies between
 * the commit and the removal, the files are left without a row: `npm run documents:check` lists
 * them, and without their wrapped keys they can no longer be decrypted by anyone.
 */
export async function deleteDocumentRowsOfCases(tx: TransactionClient, caseIds: readonly string[]) {
  if (caseIds.length === 0) return []
  const rows = await tx.document.findMany({ where: { caseId: { in: [...caseIds] } }, select: { storageName: true } })
  await tx.document.deleteMany({ where: { caseId: { in: [...caseIds] } } })
  return rows.map((row) => row.storageName)
}

export { removeStored as removeDocumentFiles }

/** Documents of a case for the data-subject access file, with what the ZIP holds for each. */
export async function subjectAccessDocuments(caseId: string, language: string) {
  const rows = await prisma.document.findMany({
    where: { caseId },
    select: { ...cryptoSelect, mediaType: true, sizeBytes: true, description: true, createdAt: true, kind: { select: { code: true, labelDe: true, labelEn: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map((row) => ({
    row,
    entry: {
      id: row.id,
      kind: language === 'en' ? row.kind.labelEn : row.kind.labelDe,
      mediaType: row.mediaType,
      sizeBytes: row.sizeBytes,
      description: row.description,
      uploadedAt: row.createdAt.toISOString(),
      fileName: isAcceptedMediaType(row.mediaType)
        ? downloadFileName({ kindCode: row.kind.code, uploadedOn: berlinDate(row.createdAt), id: row.id, mediaType: row.mediaType })
        : null,
    },
  }))
}

export type StoreCheck = {
  rows: number
  files: number
  /** rows whose file is not in the store */
  missing: Array<{ documentId: string; caseId: string }>
  /** files in the store without a row (left by a crash between commit and removal, or copied in) */
  dangling: string[]
  /** anything else in the store's folders */
  strays: string[]
  /** unfinished uploads older than an hour */
  staleIncoming: string[]
  /** folders not 0700 or files not 0600 */
  permissions: Array<{ path: string; mode: string }>
  /** with `verify`: files that do not decrypt under their row (changed bytes, wrong key) */
  damaged: Array<{ documentId: string; caseId: string; problem: IntegrityProblem }>
}

export function storeProblems(check: StoreCheck) {
  return check.missing.length + check.dangling.length + check.strays.length + check.staleIncoming.length + check.permissions.length + check.damaged.length
}

/**
 * Compares the Document table with the files in the store (`npm run documents:check`). With `verify`
 * every file is decrypted (without keeping anything), which proves content and key are intact.
 */
export async function checkDocumentStore({ verify = false, root = documentDir() }: { verify?: boolean; root?: string } = {}): Promise<StoreCheck> {
  const rows = await prisma.document.findMany({ select: { ...cryptoSelect, caseId: true }, orderBy: { id: 'asc' } })
  const listing = listStore(root)
  const onDisk = new Set(listing.files.map((file) => file.storageName))
  const known = new Set(rows.map((row) => row.storageName))
  const check: StoreCheck = {
    rows: rows.length,
    files: listing.files.length,
    missing: rows.filter((row) => !onDisk.has(row.storageName)).map((row) => ({ documentId: row.id, caseId: row.caseId })),
    dangling: listing.files.filter((file) => !known.has(file.storageName)).map((file) => file.storageName),
    strays: listing.strays,
    staleIncoming: staleIncoming(root),
    permissions: [
      ...listing.folderModes.filter(({ mode }) => mode !== 0o700).map(({ folder, mode }) => ({ path: folder, mode: mode.toString(8) })),
      ...listing.files.filter(({ mode }) => mode !== 0o600).map(({ file, mode }) => ({ path: file, mode: mode.toString(8) })),
    ],
    damaged: [],
  }
  if (verify) {
    for (const row of rows) {
      if (!onDisk.has(row.storageName)) continue
      const problem = await verifyStoredFile(row)
      if (problem) check.damaged.push({ documentId: row.id, caseId: row.caseId, problem })
    }
  }
  return check
}

/** Removes files without a row and stale unfinished uploads (`documents:check --delete-dangling`). */
export function deleteDangling(check: StoreCheck, root = documentDir()) {
  removeStored(check.dangling, root)
  for (const file of check.staleIncoming) removeQuietly(file)
  return check.dangling.length + check.staleIncoming.length
}

export type DocumentKeyRotation = { total: number; rotated: number; failed: number; keyVersion: number; dryRun: boolean }

/**
 * Re-wraps every per-file key under a new document key, in one transaction; the encrypted files are
 * not touched. If a single key cannot be unwrapped with the current key, nothing is written.
 */
export async function rotateDocumentKeys({ current, next, dryRun = false }: { current: DocumentKeyConfig; next: DocumentKeyConfig; dryRun?: boolean }): Promise<DocumentKeyRotation> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.document.findMany({ select: { id: true, wrappedKey: true, keyVersion: true } })
      const rewrapped: Array<{ id: string; wrappedKey: string; keyVersion: number }> = []
      let failed = 0
      for (const row of rows) {
        try {
          rewrapped.push({ id: row.id, ...wrapFileKey(row.id, unwrapFileKey(row.id, row, current), next) })
        } catch (error) {
          if (!(error instanceof DocumentCryptoError)) throw error
          failed += 1
        }
      }
      const result = { total: rows.length, rotated: rewrapped.length, failed, keyVersion: next.keyVersion, dryRun }
      if (dryRun || failed > 0) return { ...result, rotated: 0 }
      for (const { id, ...data } of rewrapped) await tx.document.update({ where: { id }, data })
      await audit({ action: 'document.rotate-key', entity: 'document', details: { total: rows.length, keyVersion: next.keyVersion } }, tx)
      return result
    },
    { timeout: 10 * 60 * 1000 },
  )
}
