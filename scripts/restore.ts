#!/usr/bin/env tsx
// `npm run restore -- <backup file> [--key-file <file>] [--yes] [--allow-unencrypted]
// [--allow-missing-documents]`: replaces the database and the document store with a backup (the
// .db.enc file and its .documents folder beside it). STOP THE SERVER FIRST: a running server keeps
// the old database open and would keep writing to it.
// The backup is decrypted with the backup key into a temporary file beside the database and checked
// there — PRAGMA integrity_check and the audit log's append-only triggers — before anything is
// touched; a wrong key or a damaged file stops here, and so does a documents folder that lacks a
// file the database lists. The current database is kept as <database>.before-restore-<time>, the
// document store as <DOCUMENT_DIR>.before-restore-<time>.
import 'dotenv/config'
import fs from 'node:fs'
import readline from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { completeRestore, databasePath, prepareRestore } from './lib/backup.ts'
import { looksEncrypted } from './lib/backup-crypto.ts'
import { resolveBackupKey } from './lib/backup-key.ts'

process.umask(0o077)
const { values, positionals } = parseArgs({
  options: {
    yes: { type: 'boolean', default: false },
    'key-file': { type: 'string' },
    'allow-unencrypted': { type: 'boolean', default: false },
    'allow-missing-documents': { type: 'boolean', default: false },
  },
  allowPositionals: true,
})
const backup = positionals[0]
if (!backup) {
  console.error('Usage: npm run restore -- <backup file> [--key-file <file>] [--yes] [--allow-unencrypted] [--allow-missing-documents]   (stop the server first)')
  process.exit(2)
}
const target = databasePath()
let staged: string
let documents: Awaited<ReturnType<typeof prepareRestore>>['documents']
try {
  const key = fs.existsSync(backup) && looksEncrypted(backup) ? resolveBackupKey({ purpose: 'restore', keyFile: values['key-file'] }).key : null
  ;({ staged, documents } = await prepareRestore({ backup, target, key, allowUnencrypted: values['allow-unencrypted'], allowMissingDocuments: values['allow-missing-documents'] }))
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  console.error(`Nothing was changed: ${target} is as it was.`)
  process.exit(1)
}
console.log(`Backup ${backup}: decrypted, integrity check ok, audit log triggers in place.`)
console.log(`Documents: ${documents.listed}${documents.problem ? ` — ${documents.problem}` : documents.listed > 0 ? ', every file present' : ''}.`)
console.log(`This replaces the database ${target} and the document store. The server must be stopped.`)
if (!values.yes) {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout })
  const answer = await prompt.question('Type "restore" to continue: ')
  prompt.close()
  if (answer.trim() !== 'restore') {
    fs.rmSync(staged, { force: true })
    console.log('Cancelled; nothing was changed.')
    process.exit(1)
  }
}
try {
  const { safetyCopy, documents: restored } = completeRestore({ staged, documentsFolder: documents.folder, target })
  console.log(`Restored, with ${restored.restored} document file(s).`)
  if (safetyCopy) console.log(`The previous database was kept as ${safetyCopy}.`)
  if (restored.previous) console.log(`The previous document store was kept as ${restored.previous}.`)
  console.log('Run npm run documents:check, then start the server again.')
} catch (error) {
  fs.rmSync(staged, { force: true })
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
