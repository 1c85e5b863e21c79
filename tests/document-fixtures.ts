// Documents for tests: uploaded through the same streaming path as the route (receive, sniff,
// encrypt, store), not written around it.
import { type Actor } from '#app/domain/access-policy.ts'
import { parseDocumentLink } from '#app/domain/documents.ts'
import { receiveDocuments, storeDocuments, uploadLimits } from '#app/models/document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { SAMPLE_FILES } from './fixtures/documents.ts'

export type UploadFile = { name: string; bytes: Uint8Array; type?: string }

/** A multipart request as a browser sends it for the upload form. */
export function uploadRequest(path: string, { files, fields = {}, cookie }: { files: UploadFile[]; fields?: Record<string, string>; cookie?: string }) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  for (const file of files) form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name)
  const headers = new Headers()
  if (cookie) headers.set('Cookie', cookie)
  return new Request(`http://localhost${path}`, { method: 'POST', body: form, headers })
}

export async function documentKindId(code = 'OTHER') {
  const entry = await prisma.catalogueEntry.findUniqueOrThrow({ where: { catalogue_code: { catalogue: 'DOCUMENT_KIND', code } }, select: { id: true } })
  return entry.id
}

/** Stores a document on the case as `actor` would through the form; returns its id. */
export async function addDocument({
  actor,
  caseId,
  bytes = SAMPLE_FILES.pdf,
  name = 'scan.pdf',
  kindCode = 'OTHER',
  linkTo = '',
  description = 'Seite 1',
}: {
  actor: Actor
  caseId: string
  bytes?: Uint8Array
  name?: string
  kindCode?: string
  linkTo?: string
  description?: string
}) {
  const received = await receiveDocuments(uploadRequest(`/cases/${caseId}/documents`, { files: [{ name, bytes }] }), { ...uploadLimits(), minFreeBytes: 0 })
  if (received.kind !== 'received' || received.staged.length !== 1) throw new Error(`Test upload failed: ${JSON.stringify(received)}`)
  const [id] = await storeDocuments({ actor, caseId, staged: received.staged, kindId: await documentKindId(kindCode), description, link: parseDocumentLink(linkTo) })
  return id!
}
