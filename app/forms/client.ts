// One person, many cases; families and households (issue 14, decision 027): the forms of the
// person page of a case file (/cases/:id/person).
import { z } from 'zod'

/** How two linked clients are related (one household or family). Parent/child is one kind. */
export const CLIENT_RELATIONS = ['PARTNER', 'PARENT_CHILD', 'SIBLING', 'OTHER'] as const
export type ClientRelation = (typeof CLIENT_RELATIONS)[number]

const code = z
  .string({ required_error: 'clients:errors.code' })
  .trim()
  .min(1, 'clients:errors.code')
  .max(40, 'clients:errors.code')

export const LinkClientSchema = z.object({
  intent: z.literal('link'),
  code,
  relation: z.enum(CLIENT_RELATIONS, { errorMap: () => ({ message: 'clients:errors.relation' }) }),
})

export const UnlinkClientSchema = z.object({
  intent: z.literal('unlink'),
  linkId: z.string().min(1).max(100),
})

/** Merging another client into this case's client: first the summary, then the confirmed merge. */
export const MergeClientSchema = z.object({
  intent: z.literal('merge'),
  code,
  confirm: z.literal('yes').optional(),
})

export const PersonActionSchema = z.discriminatedUnion('intent', [LinkClientSchema, UnlinkClientSchema, MergeClientSchema])
