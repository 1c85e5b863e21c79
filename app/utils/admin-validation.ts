import { z } from 'zod'
import { CATALOGUES, ROLES, TEAM_KINDS } from '#app/domain/codes.ts'
import { EmailSchema } from '#app/forms/fields.ts'

// Schemas of the administration forms, used in the browser (Conform) and in the actions.

const languageList = z
  .string()
  .max(200, 'admin:users.errors.languages')
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(/[\s,;]+/)
      .map((code) => code.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((codes) => codes.every((code) => /^[a-z]{3}$/.test(code)), 'admin:users.errors.languages')
  .transform((codes) => [...new Set(codes)])

export const UserFormSchema = z.object({
  email: EmailSchema,
  displayName: z
    .string({ required_error: 'admin:users.errors.displayName' })
    .trim()
    .min(2, 'admin:users.errors.displayName')
    .max(100, 'admin:users.errors.displayName'),
  role: z.enum(ROLES, { errorMap: () => ({ message: 'admin:users.errors.role' }) }),
  teamId: z.string({ required_error: 'admin:users.errors.team' }).min(1, 'admin:users.errors.team').max(100),
  languages: languageList,
})

export const TeamFormSchema = z.object({
  name: z.string({ required_error: 'admin:teams.errors.name' }).trim().min(2, 'admin:teams.errors.name').max(100, 'admin:teams.errors.name'),
  kind: z.enum(TEAM_KINDS, { errorMap: () => ({ message: 'admin:teams.errors.kind' }) }),
  districtId: z.coerce.number({ invalid_type_error: 'admin:teams.errors.district' }).int().positive().optional(),
  active: z.boolean().optional(),
})

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
