// Taking over an unassigned case of the team (issue 14, item 6): the counsellor's request and the
// team lead's one-click decision on it.
import { z } from 'zod'

const id = z.string().min(1).max(40)

export const TakeoverRequestSchema = z.object({
  intent: z.literal('request'),
  caseId: id,
})

export const TakeoverDecisionSchema = z.object({
  intent: z.enum(['takeover-confirm', 'takeover-decline']),
  requestId: id,
  version: z.coerce.number().int().min(1),
})
