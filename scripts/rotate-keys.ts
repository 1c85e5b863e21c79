#!/usr/bin/env tsx
// `npm run keys:rotate -- --new-key <base64> --new-hmac-secret <secret> [--new-key-version N] [--dry-run]`
// Re-encrypts every identity key with the new key and recomputes every match hash with the new
// secret, in one transaction. Afterwards put the new values into the environment (IDENTITY_KEY,
// IDENTITY_HMAC_SECRET, IDENTITY_KEY_VERSION) and restart the server: until then the running
// server cannot decrypt the rotated records. Take a backup first (npm run backup).
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { refuseWhileServerRuns } from '#database-file'
import { rotateIdentityKeys } from '#app/models/identity-key.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { loadIdentityKey } from '#app/utils/env.server.ts'
import { identityKeyConfig } from '#app/utils/identity-crypto.server.ts'

const { values } = parseArgs({
  options: {
    'new-key': { type: 'string' },
    'new-hmac-secret': { type: 'string' },
    'new-key-version': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
})

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const current = identityKeyConfig()
if (!current) fail('The current identity key is not configured (IDENTITY_KEY / IDENTITY_KEY_FILE and IDENTITY_HMAC_SECRET).')
const source = loadIdentityKey({ IDENTITY_KEY: values['new-key'], IDENTITY_KEY_FILE: undefined })
if (source.status !== 'ok') fail('--new-key must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`).')
const hmacSecret = values['new-hmac-secret'] ?? ''
if (hmacSecret.length < 32) fail('--new-hmac-secret must be at least 32 characters.')
const keyVersion = values['new-key-version'] ? Number(values['new-key-version']) : current.keyVersion + 1
if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion === current.keyVersion) fail('--new-key-version must be a whole number different from the current version.')

// A server still running with the old key would write new identity keys the new key cannot read.
if (!values['dry-run']) refuseWhileServerRuns('npm run keys:rotate')

// A plain query first: the connection's start-up pragmas must not run inside the rotation transaction.
console.log(`Identity keys stored: ${await prisma.identityKey.count()}`)
const result = await rotateIdentityKeys({ current, next: { key: source.key, hmacSecret, keyVersion }, dryRun: values['dry-run'] })
await prisma.$disconnect()
if (result.failed > 0) {
  console.error(`${result.failed} of ${result.total} identity keys cannot be decrypted with the current key; nothing was changed.`)
  process.exit(1)
}
if (result.dryRun) {
  console.log(`Dry run: all ${result.total} identity keys can be re-encrypted; nothing was changed.`)
} else {
  console.log(`Rotated ${result.rotated} identity keys to key version ${keyVersion}.`)
  console.log(`Now set IDENTITY_KEY=<the new key>, IDENTITY_HMAC_SECRET=<the new secret> and IDENTITY_KEY_VERSION=${keyVersion}, then restart the server.`)
}
