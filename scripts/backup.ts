#!/usr/bin/env tsx
// `npm run backup`: a consistent copy of the running database into ./backups/wegbegleiter-<time>.db,
// checked with PRAGMA integrity_check; keeps the newest BACKUP_KEEP copies (default 14).
// Backups hold the case data (encrypted identity keys included, the key itself is not in them):
// store them as carefully as the database.
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
  if (result.pruned.length) console.log(`Removed ${result.pruned.length} older backup(s): ${result.pruned.join(', ')}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
