#!/usr/bin/env tsx
// `npm run backup`: a consistent copy of the running database, integrity-checked, encrypted with the
// backup key (BACKUP_KEY_FILE or BACKUP_KEY; decision 017) into ./backups/wegbegleiter-<time>.db.enc
// (or BACKUP_DIR), and beside it wegbegleiter-<time>.documents/ with the encrypted files of the
// documents that copy lists, as they are stored; keeps the newest BACKUP_KEEP backups (default 14).
// Without the backup key no backup can be restored, without the document key no document opened:
// keep copies of both away from this server.
import 'dotenv/config'
import { backupDatabase } from './lib/backup.ts'
import { resolveBackupKey } from './lib/backup-key.ts'

// The backup folder and everything in it are for the owner alone.
process.umask(0o077)
const keep = Number(process.env.BACKUP_KEEP ?? 14)
if (!Number.isInteger(keep) || keep < 1) {
  console.error('BACKUP_KEEP must be a whole number of at least 1.')
  process.exit(2)
}
try {
  const { key, from, warnings } = resolveBackupKey({ purpose: 'backup' })
  for (const warning of warnings) console.warn(`Warning: ${warning}`)
  const result = await backupDatabase({ key, keep, directory: process.env.BACKUP_DIR || undefined })
  for (const note of result.notes) console.warn(`Warning: ${note}.`)
  console.log(`Backup written: ${result.file} (${Math.round(result.bytes / 1024)} KiB, encrypted with the key from ${from}, integrity check ok, read back ok).`)
  if (result.documents.copied > 0) console.log(`Documents: ${result.documents.copied} file(s), ${Math.round(result.documents.bytes / 1024)} KiB, in ${result.documents.folder}.`)
  if (result.documents.missing.length) {
    console.warn(`Warning: ${result.documents.missing.length} document file(s) listed in the database were not in the store (run npm run documents:check).`)
  }
  if (result.pruned.length) console.log(`Removed ${result.pruned.length} older backup(s): ${result.pruned.join(', ')}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
