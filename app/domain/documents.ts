// Documents in the case file (issue 17): which contents are accepted, what a download is called, and
// which documents can be previewed. Pure rules; the storage and the encryption live in
// app/models/document.server.ts and app/utils/document-*.server.ts.
import { formatNumber } from '#app/utils/format.ts'

/** Accepted contents (decided from the bytes, never from the name or the browser's claim) and their extension. */
export const ACCEPTED_MEDIA_TYPES = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heif',
} as const
export type AcceptedMediaType = keyof typeof ACCEPTED_MEDIA_TYPES

export function isAcceptedMediaType(value: string | undefined): value is AcceptedMediaType {
  return value !== undefined && Object.hasOwn(ACCEPTED_MEDIA_TYPES, value)
}

/** The upload form's file input (the upload handler reads files from this field only). */
export const DOCUMENT_FILE_FIELD = 'files'

/** The scan of a signed consent form: the kind a consent record links. */
export const CONSENT_SCAN_KIND = 'CONSENT_SIGNED'

export const DESCRIPTION_MAX_LENGTH = 120

/** Records of the case a document can belong to, besides the case itself. */
export const DOCUMENT_LINK_KINDS = ['contact', 'consent', 'referral', 'mediation'] as const
export type DocumentLinkKind = (typeof DOCUMENT_LINK_KINDS)[number]

/** `consent:<id>` → { kind, id }; anything else → null (the case itself). */
export function parseDocumentLink(value: string | undefined | null): { kind: DocumentLinkKind; id: string } | null {
  const match = /^(contact|consent|referral|mediation):([A-Za-z0-9_-]{1,64})$/.exec(value ?? '')
  return match ? { kind: match[1] as DocumentLinkKind, id: match[2]! } : null
}

/**
 * The name a download gets. Never the uploaded file's name (it often holds the person's name): the
 * kind, the upload date and the start of the id, e.g. `bamf-decision-2026-03-01-3f2a1b.pdf`.
 */
export function downloadFileName({ kindCode, uploadedOn, id, mediaType }: { kindCode: string; uploadedOn: string; id: string; mediaType: AcceptedMediaType }) {
  const kind = kindCode.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'document'
  const shortId = id.replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toLowerCase()
  return `${kind}-${uploadedOn}-${shortId}.${ACCEPTED_MEDIA_TYPES[mediaType]}`
}

/** Images the server can shrink to a preview (HEIC needs a decoder the image library does not ship). */
export function isPreviewable(mediaType: string) {
  return mediaType === 'image/jpeg' || mediaType === 'image/png'
}

/** 1 536 000 → "1,5 MB" in the user's language (decimal units, as file managers show them). */
export function formatBytes(bytes: number, language: string) {
  const units = ['B', 'kB', 'MB', 'GB'] as const
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${formatNumber(value, language, { maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1 })} ${units[unit]}`
}
