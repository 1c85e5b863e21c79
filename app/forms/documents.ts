// Form schemas for documents, shared by browser and server. Messages are locale keys (documents
// namespace). The files themselves are not part of the schema: they are streamed, sniffed and
// encrypted by the upload handler (app/models/document.server.ts), which reports its own errors.
import { z } from 'zod'
import { freeText } from './fields.ts'
import { DESCRIPTION_MAX_LENGTH } from '#app/domain/documents.ts'

export const UploadDocumentsSchema = z.object({
  kindId: z.coerce.number({ invalid_type_error: 'documents:errors.kind', required_error: 'documents:errors.kind' }).int('documents:errors.kind').positive('documents:errors.kind'),
  description: freeText(DESCRIPTION_MAX_LENGTH).optional(),
  linkTo: z.string().max(80).optional(),
})

export const DeleteDocumentSchema = z.object({
  confirm: z.literal('on', { errorMap: () => ({ message: 'documents:errors.confirmDelete' }) }),
})
