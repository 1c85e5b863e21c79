#!/usr/bin/env tsx
// `npm run restore -- <backup file> [--yes]`: replaces the database with a backup.
// STOP THE SERVER FIRST: a running server keeps the old database open and would keep writing to it.
// The backup is integrity-checked before anything is touched; the current database is kept as
// <database>.before-restore-<time>.
import 'dotenv/config'
import readline from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { databasePath, integrityCheck, restoreDatabase } from './lib/backup.ts'

const { values, positionals } = parseArgs({ options: { yes: { type: 'boolean', default: false } }, allowPositionals: true })
const backup = positionals[0]
if (!backup) {
  console.error('Usage: npm run restore -- <backup file> [--yes]   (stop the server first)')
  process.exit(2)
}
const check = integrityCheck(backup)
if (!check.ok) {
  console.error(`Refusing to restore ${backup}: the file failed the integrity check (${check.problem}).`)
  process.exit(1)
}
const target = databasePath()
console.log(`Backup ${backup}: integrity check ok.`)
console.log(`This replaces the database ${target}. The server must be stopped.`)
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
  const { safetyCopy } = restoreDatabase({ backup, target })
  console.log(`Restored. ${safetyCopy ? `The previous database was kept as ${safetyCopy}.` : ''} Start the server again.`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
