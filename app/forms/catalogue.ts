// The administrator's catalogue forms (add an entry, relabel or retire one).
import { z } from 'zod'
import { CATALOGUES } from '#app/domain/codes.ts'

const label = z.string({ required_error: 'admin:catalogues.errors.label' }).trim().min(1, 'admin:catalogues.errors.label').max(200, 'admin:catalogues.errors.label')

export const CatalogueParamSchema = z.enum(CATALOGUES)

export const CatalogueAddSchema = z.object({
  intent: z.literal('add'),
  code: z
    .string({ required_error: 'admin:catalogues.errors.code' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_]{2,40}$/, 'admin:catalogues.errors.code'),
  labelDe: label,
  labelEn: label,
  group: z.string().max(20).optional(),
})

export const CatalogueUpdateSchema = z.object({
  intent: z.literal('update'),
  id: z.coerce.number().int().positive(),
  labelDe: label,
  labelEn: label,
  active: z.boolean().optional(),
})
