import fs from 'node:fs'
import { z } from 'zod'
import { BCRYPT_COST } from './password.server.ts'

// Validated once at start-up (CONVENTIONS.md rule 13). In production mode the app refuses to start
// with a missing or weak secret and says which one.
// server/body-limits.js sizes the upload route's body limit from the same variables and defaults
// (its test compares them).
export const DOCUMENT_MAX_BYTES_DEFAULT = 20_000_000
export const DOCUMENT_MAX_FILES_DEFAULT = 5

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
    // A stored password hash of a lower bcrypt cost is replaced at the next sign-in by one at the app's
    // cost (decision 172). The test setups set 4, their fixture hashes' cost (decision 159); production
    // mode refuses anything below the app's cost.
    BCRYPT_MIN_COST: z.coerce.number().int().min(4).max(BCRYPT_COST).default(BCRYPT_COST),
    IDENTITY_KEY: z.string().optional(),
    IDENTITY_KEY_FILE: z.string().optional(),
    IDENTITY_HMAC_SECRET: z.string().optional(),
    IDENTITY_KEY_VERSION: z.coerce.number().int().min(1).default(1),
    DOCUMENT_KEY: z.string().optional(),
    DOCUMENT_KEY_FILE: z.string().optional(),
    DOCUMENT_KEY_VERSION: z.coerce.number().int().min(1).default(1),
    DOCUMENT_DIR: z.string().optional(),
    // The largest document and how many at once; the server raises its body limit for the upload
    // route to DOCUMENT_MAX_FILES × DOCUMENT_MAX_BYTES (scripts/server.js) and nowhere else.
    DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(DOCUMENT_MAX_BYTES_DEFAULT),
    DOCUMENT_MAX_FILES: z.coerce.number().int().min(1).max(20).default(DOCUMENT_MAX_FILES_DEFAULT),
    // Uploads are refused while the documents volume would keep less than this free.
    DOCUMENT_MIN_FREE_BYTES: z.coerce.number().int().min(0).default(512 * 1024 * 1024),
    // The regional default countries shown first in nationality and origin lists (issue 16).
    COMMON_COUNTRIES: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.APP_MODE !== 'production') return
    if (env.BCRYPT_MIN_COST < BCRYPT_COST) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['BCRYPT_MIN_COST'],
        message: `BCRYPT_MIN_COST below ${BCRYPT_COST} is for tests only; production mode rehashes every weaker password hash`,
      })
    }
    const secrets = (env.SESSION_SECRET ?? '').split(',').filter(Boolean)
    if (secrets.length === 0 || secrets.some((secret) => secret.length < 32)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET must be set in production mode, each secret at least 32 characters',
      })
    }
    // A missing identity key only disables identity keys; a malformed one is a configuration error
    // that would otherwise surface as undecryptable records, so production refuses to start.
    const documentKey = loadDocumentKey(env)
    if (documentKey.status === 'malformed') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [documentKey.variable], message: documentKey.message })
    }
    const identityKey = loadIdentityKey(env)
    if (identityKey.status === 'malformed') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [identityKey.variable], message: identityKey.message })
    }
    if (identityKey.status === 'ok' && (env.IDENTITY_HMAC_SECRET ?? '').length < 32) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['IDENTITY_HMAC_SECRET'],
        message: 'IDENTITY_HMAC_SECRET must be set (at least 32 characters) when an identity key is configured',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

/** Validates an environment (exported for tests; the app uses getEnv). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid environment:\n${problems.join('\n')}`)
  }
  return parsed.data
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

export type KeySource<Variable extends string> =
  | { status: 'ok'; key: Buffer }
  | { status: 'missing' }
  | { status: 'malformed'; variable: Variable; message: string }

export type IdentityKeySource = KeySource<'IDENTITY_KEY' | 'IDENTITY_KEY_FILE'>
export type DocumentKeySource = KeySource<'DOCUMENT_KEY' | 'DOCUMENT_KEY_FILE'>

/** A 32-byte AES key, base64, from a variable or from the file another variable names. */
function loadKey<Variable extends string>(value: string | undefined, file: string | undefined, names: { value: Variable; file: Variable }): KeySource<Variable> {
  let encoded = value?.trim() ?? ''
  let variable = names.value
  if (!encoded && file?.trim()) {
    variable = names.file
    try {
      encoded = fs.readFileSync(file.trim(), 'utf8').trim()
    } catch {
      return { status: 'malformed', variable, message: `${variable} names a file that cannot be read` }
    }
  }
  if (!encoded) return { status: 'missing' }
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0)
  if (key.length !== 32) {
    return { status: 'malformed', variable, message: `${variable} must hold exactly 32 random bytes, base64-encoded (44 characters)` }
  }
  return { status: 'ok', key }
}

/**
 * The AES-256 key for identity keys (Zuordnungsschlüssel): 32 bytes, base64, from IDENTITY_KEY or
 * from the file IDENTITY_KEY_FILE names (for secret stores that mount files). Never stored in the
 * database and never logged.
 */
export function loadIdentityKey(env: Pick<Env, 'IDENTITY_KEY' | 'IDENTITY_KEY_FILE'>): IdentityKeySource {
  return loadKey(env.IDENTITY_KEY, env.IDENTITY_KEY_FILE, { value: 'IDENTITY_KEY', file: 'IDENTITY_KEY_FILE' })
}

/**
 * The document key (decision 023): wraps the per-file keys of documents. Same form and sources as
 * the identity key; a missing key disables documents.
 */
export function loadDocumentKey(env: Pick<Env, 'DOCUMENT_KEY' | 'DOCUMENT_KEY_FILE'>): DocumentKeySource {
  return loadKey(env.DOCUMENT_KEY, env.DOCUMENT_KEY_FILE, { value: 'DOCUMENT_KEY', file: 'DOCUMENT_KEY_FILE' })
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
