// The confirmation of a client's erasure (data-subject request).
import { z } from 'zod'

export const ConfirmErasureSchema = z.object({ confirm: z.literal('on', { errorMap: () => ({ message: 'privacy:errors.confirmErasure' }) }) })
