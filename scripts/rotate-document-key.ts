#!/usr/bin/env tsx
// `npm run documents:rotate-key -- --new-key <base64> [--new-key-version N] [--dry-run]`
// Re-wraps every document's per-file key under the new document key, in one transaction; the
// encrypted files are not rewritten (decision 023). Afterwards put the new values into the
// environment (DOCUMENT_KEY, DOCUMENT_KEY_VERSION) and restart the server: until then the running
// server cannot open the documents. Take a backup first (npm run backup).
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { rotateDocumentKeys } from '#app/models/document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { documentKeyConfig } from '#app/utils/document-crypto.server.ts'
import { loadDocumentKey } from '#app/utils/env.server.ts'

const { values } = parseArgs({
  options: { 'new-key': { type: 'string' }, 'new-key-version': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
})

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const current = documentKeyConfig()
if (!current) fail('The current document key is not configured (DOCUMENT_KEY / DOCUMENT_KEY_FILE).')
const source = loadDocumentKey({ DOCUMENT_KEY: values['new-key'], DOCUMENT_KEY_FILE: undefined })
if (source.status !== 'ok') fail('--new-key must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`).')
const keyVersion = values['new-key-version'] ? Number(values['new-key-version']) : current.keyVersion + 1
if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion === current.keyVersion) fail('--new-key-version must be a whole number different from the current version.')

// A plain query first: the connection's start-up pragmas must not run inside the rotation transaction.
console.log(`Documents stored: ${await prisma.document.count()}`)
const result = await rotateDocumentKeys({ current, next: { key: source.key, keyVersion }, dryRun: values['dry-run'] })
await prisma.$disconnect()
if (result.failed > 0) {
  console.error(`${result.failed} of ${result.total} document keys cannot be unwrapped with the current key; nothing was changed.`)
  process.exit(1)
}
if (result.dryRun) {
  console.log(`Dry run: all ${result.total} document keys can be re-wrapped; nothing was changed.`)
} else {
  console.log(`Re-wrapped ${result.rotated} document keys to key version ${keyVersion}.`)
  console.log(`Now set DOCUMENT_KEY=<the new key> and DOCUMENT_KEY_VERSION=${keyVersion}, then restart the server.`)
}
