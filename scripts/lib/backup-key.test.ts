import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { resolveBackupKey } from './backup-key.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-backup-key-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))
let counter = 0
const fresh = (name: string) => path.join(scratch, `${(counter += 1)}-${name}`)
const newKey = () => crypto.randomBytes(32).toString('base64')

describe('where the backup key comes from (decision 017)', () => {
  test('production: BACKUP_KEY_FILE or BACKUP_KEY from the environment; none is an error that says what to do', () => {
    const keyFile = fresh('backup.key')
    const encoded = newKey()
    fs.writeFileSync(keyFile, `${encoded}\n`)
    const envFile = fresh('.env')
    expect(resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production', BACKUP_KEY_FILE: keyFile }, envFile })).toMatchObject({ from: 'BACKUP_KEY_FILE', warnings: [] })
    expect(resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production', BACKUP_KEY: encoded }, envFile }).key.toString('base64')).toBe(encoded)
    expect(() => resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production' }, envFile, demoKeyFile: fresh('never.key') })).toThrow(
      /No backup key is configured.*openssl rand -base64 32.*away from this server/,
    )
    expect(() => resolveBackupKey({ purpose: 'restore', env: { APP_MODE: 'production' }, envFile })).toThrow(/--key-file/)
  })

  test('production refuses BACKUP_KEY written into .env, beside every other secret', () => {
    const envFile = fresh('.env')
    const encoded = newKey()
    fs.writeFileSync(envFile, `SESSION_SECRET=x\nBACKUP_KEY=${encoded}\n`)
    expect(() => resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production', BACKUP_KEY: encoded }, envFile })).toThrow(/BACKUP_KEY is set in .*\.env/)
  })

  test('the backup key must not be the identity key; a malformed key is named', () => {
    const encoded = newKey()
    expect(() => resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production', BACKUP_KEY: encoded, IDENTITY_KEY: encoded }, envFile: fresh('.env') })).toThrow(/not IDENTITY_KEY/)
    expect(() => resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production', BACKUP_KEY: 'too short' }, envFile: fresh('.env') })).toThrow(
      /BACKUP_KEY must hold exactly 32 random bytes/,
    )
    expect(() => resolveBackupKey({ purpose: 'backup', env: { APP_MODE: 'production', BACKUP_KEY_FILE: fresh('missing.key') }, envFile: fresh('.env') })).toThrow(/cannot be read/)
  })

  test('demo mode writes a key file of its own once, with a warning, and uses it afterwards', () => {
    const demoKeyFile = fresh('backup.key')
    const env = { APP_MODE: 'demo' }
    expect(() => resolveBackupKey({ purpose: 'restore', env, envFile: fresh('.env'), demoKeyFile })).toThrow(/needs its backup key/)
    const first = resolveBackupKey({ purpose: 'backup', env, envFile: fresh('.env'), demoKeyFile })
    expect(first.warnings).toEqual([expect.stringMatching(/Demo mode: .*backup\.key.*keep a copy away from this server/)])
    expect(fs.statSync(demoKeyFile).mode & 0o777).toBe(0o600)
    const again = resolveBackupKey({ purpose: 'restore', env, envFile: fresh('.env'), demoKeyFile })
    expect(again.warnings).toEqual([])
    expect(again.key.equals(first.key)).toBe(true)
  })
})
