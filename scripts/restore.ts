#!/usr/bin/env tsx
// `npm run restore -- <backup file> [--yes] [--allow-missing-documents]`: replaces the database and
// the document store with a backup (the .db file and its .documents folder beside it).
// STOP THE SERVER FIRST: a running server keeps the old database open and would keep writing to it.
// The backup is integrity-checked and its documents counted before anything is touched; the current
// database is kept as <database>.before-restore-<time>, the store as <store>.before-restore-<time>.
import 'dotenv/config'
import readline from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { databasePath, documentsCheck, integrityCheck, restoreDatabase } from './lib/backup.ts'

const { values, positionals } = parseArgs({
  options: { yes: { type: 'boolean', default: false }, 'allow-missing-documents': { type: 'boolean', default: false } },
  allowPositionals: true,
})
const backup = positionals[0]
if (!backup) {
  console.error('Usage: npm run restore -- <backup file> [--yes] [--allow-missing-documents]   (stop the server first)')
  process.exit(2)
}
const check = integrityCheck(backup)
if (!check.ok) {
  console.error(`Refusing to restore ${backup}: the file failed the integrity check (${check.problem}).`)
  process.exit(1)
}
const documents = documentsCheck(backup)
if (documents.problem && !values['allow-missing-documents']) {
  console.error(`Refusing to restore ${backup}: ${documents.problem}.`)
  console.error('Restore the folder beside the backup, or pass --allow-missing-documents to restore without those files.')
  process.exit(1)
}
const target = databasePath()
console.log(`Backup ${backup}: integrity check ok; ${documents.listed} document(s)${documents.problem ? ` — ${documents.problem}` : ', every file present'}.`)
console.log(`This replaces the database ${target} and the document store. The server must be stopped.`)
if (!values.yes) {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout })
  const answer = await prompt.question('Type "restore" to continue: ')
  prompt.close()
  if (answer.trim() !== 'restore') {
    console.log('Cancelled; nothing was changed.')
    process.exit(1)
  }
}
try {
  const { safetyCopy, documents: restored } = restoreDatabase({ backup, target, allowMissingDocuments: values['allow-missing-documents'] })
  console.log(`Restored, with ${restored.restored} document file(s).`)
  if (safetyCopy) console.log(`The previous database was kept as ${safetyCopy}.`)
  if (restored.previousStore) console.log(`The previous document store was kept as ${restored.previousStore}.`)
  console.log('Run npm run documents:check, then start the server again.')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
