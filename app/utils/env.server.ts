import { z } from 'zod'

// Validated once at start-up (CONVENTIONS.md rule 13). In production mode the app refuses to start
// with a missing or weak secret and says which one.
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1')

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
    APP_MODE: z.enum(['demo', 'production']).default('demo'),
    DATABASE_URL: z.string().optional(),
    SESSION_SECRET: z.string().optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    TRUST_PROXY: booleanFlag,
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576 * 2),
    LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
    IDENTITY_KEY: z.string().optional(),
    IDENTITY_KEY_FILE: z.string().optional(),
    IDENTITY_HMAC_SECRET: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.APP_MODE !== 'production') return
    const secrets = (env.SESSION_SECRET ?? '').split(',').filter(Boolean)
    if (secrets.length === 0 || secrets.some((secret) => secret.length < 32)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET must be set in production mode, each secret at least 32 characters',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

export function getEnv(): Env {
  if (cached) return cached
  const parsed = EnvSchema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid environment:\n${problems.join('\n')}`)
  }
  cached = parsed.data
  return cached
}

export function getSessionSecrets(): string[] {
  const env = getEnv()
  const secrets = (env.SESSION_SECRET ?? '').split(',').filter(Boolean)
  if (secrets.length > 0) return secrets
  if (env.APP_MODE === 'production') throw new Error('SESSION_SECRET is required in production mode')
  // Demo and test runs without a .env still get a per-process secret: sessions then end on restart.
  return [processSecret]
}

const processSecret = crypto.randomUUID() + crypto.randomUUID()
