// Where the backup key comes from (decision 017). The key must not travel with what it protects:
// not in the backup folder, not in .env beside every other secret (a copy of the app folder would
// then open every backup), and not equal to the identity key.
import fs from 'node:fs'
import path from 'node:path'
import dotenv from 'dotenv'
import { configuredBackupKey, generateBackupKey, readBackupKeyFile, type BackupKeySource } from './backup-crypto.ts'
import { PRIVATE_FILE_MODE } from './file-permissions.js'
import { root } from './root.js'

/** Demo mode only: where `npm run backup` keeps a generated key when none is configured. */
export const DEMO_KEY_FILE = path.join(root, 'backup.key')

export type ResolveOptions = {
  purpose: 'backup' | 'restore'
  env?: Record<string, string | undefined>
  /** `npm run restore -- --key-file <path>` */
  keyFile?: string
  envFile?: string
  demoKeyFile?: string
}

export type ResolvedKey = BackupKeySource & { warnings: string[] }

const HOW_TO_CREATE = 'Create one with `openssl rand -base64 32`, keep a copy away from this server (a safe or password manager: without it no backup can be restored), and name its file in BACKUP_KEY_FILE.'

export class BackupKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupKeyError'
  }
}

function definedInEnvFile(envFile: string, variable: string) {
  try {
    return Boolean(dotenv.parse(fs.readFileSync(envFile))[variable]?.trim())
  } catch {
    return false
  }
}

function identityKeyBytes(env: Record<string, string | undefined>) {
  try {
    const encoded = env.IDENTITY_KEY?.trim() || (env.IDENTITY_KEY_FILE?.trim() ? fs.readFileSync(env.IDENTITY_KEY_FILE.trim(), 'utf8').trim() : '')
    return encoded ? Buffer.from(encoded, 'base64') : null
  } catch {
    return null
  }
}

/** The backup key for a backup or a restore, or a BackupKeyError that says what to do. */
export function resolveBackupKey({ purpose, env = process.env, keyFile, envFile = path.join(root, '.env'), demoKeyFile = DEMO_KEY_FILE }: ResolveOptions): ResolvedKey {
  const production = env.APP_MODE === 'production'
  const warnings: string[] = []
  let source: BackupKeySource | null
  try {
    source = keyFile ? readBackupKeyFile(keyFile, 'key file') : configuredBackupKey(env)
  } catch (error) {
    throw new BackupKeyError(error instanceof Error ? error.message : String(error))
  }
  if (source?.from === 'BACKUP_KEY' && production && definedInEnvFile(envFile, 'BACKUP_KEY')) {
    throw new BackupKeyError(`BACKUP_KEY is set in ${envFile}, next to every other secret of the app: a copy of the folder would open every backup. Remove it from there. ${HOW_TO_CREATE}`)
  }
  if (!source && !production) {
    if (fs.existsSync(demoKeyFile)) {
      source = readBackupKeyFile(demoKeyFile, 'key file')
    } else if (purpose === 'backup') {
      fs.writeFileSync(demoKeyFile, `${generateBackupKey()}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
      source = readBackupKeyFile(demoKeyFile, 'key file')
      warnings.push(
        `Demo mode: no backup key was configured, so a new one was written to ${demoKeyFile}. Backups cannot be restored without it: keep a copy away from this server. In production mode set BACKUP_KEY_FILE instead.`,
      )
    }
  }
  if (!source) {
    throw new BackupKeyError(
      purpose === 'backup'
        ? `No backup key is configured (BACKUP_KEY_FILE or BACKUP_KEY); backups are only written encrypted. ${HOW_TO_CREATE}`
        : 'This backup needs its backup key: set BACKUP_KEY_FILE or BACKUP_KEY, or pass --key-file <file>.',
    )
  }
  const identityKey = identityKeyBytes(env)
  if (identityKey && identityKey.equals(source.key)) {
    throw new BackupKeyError(`The backup key must be a key of its own, not IDENTITY_KEY: a backup holds the encrypted identity keys. ${HOW_TO_CREATE}`)
  }
  return { ...source, warnings }
}
