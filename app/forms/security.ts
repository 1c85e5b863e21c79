// Form schema of the organisation's security settings (/admin/security), shared by browser and
// server. Messages are locale keys (admin).
import { z } from 'zod'
import { SECOND_FACTOR_POLICIES } from '#app/domain/second-factor.ts'

export const SecondFactorPolicySchema = z.object({
  policy: z.enum(SECOND_FACTOR_POLICIES, { errorMap: () => ({ message: 'admin:security.errors.policy' }) }),
})
