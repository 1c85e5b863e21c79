#!/usr/bin/env tsx
// `npm run backup`: a consistent copy of the running database into ./backups/wegbegleiter-<time>.db,
// checked with PRAGMA integrity_check, and beside it wegbegleiter-<time>.documents/ with the
// encrypted files of the documents that copy lists; keeps the newest BACKUP_KEEP backups (default 14).
// Backups hold the case data (encrypted identity keys and documents included, the keys themselves
// are not in them): store them as carefully as the database.
import 'dotenv/config'
import { backupDatabase } from './lib/backup.ts'

const keep = Number(process.env.BACKUP_KEEP ?? 14)
if (!Number.isInteger(keep) || keep < 1) {
  console.error('BACKUP_KEEP must be a whole number of at least 1.')
  process.exit(2)
}
try {
  const result = await backupDatabase({ keep, directory: process.env.BACKUP_DIR || undefined })
  console.log(`Backup written: ${result.file} (${Math.round(result.bytes / 1024)} KiB, integrity check ok).`)
  console.log(`Documents: ${result.documents.copied} file(s), ${Math.round(result.documents.bytes / 1024)} KiB, in ${result.documents.folder}.`)
  if (result.documents.missing.length) {
    console.warn(`Warning: ${result.documents.missing.length} document file(s) listed in the database were not in the store (run npm run documents:check).`)
  }
  if (result.pruned.length) console.log(`Removed ${result.pruned.length} older backup(s): ${result.pruned.join(', ')}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
