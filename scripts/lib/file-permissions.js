// Owner-only permissions for what holds case data: the database with its -wal/-shm/-journal files
// (0600) and its folder (0700), backups likewise. Applied when the database is migrated — every
// `npm start` — so an installation created with the system's default umask (a 0755 folder, a
// 0644 database readable by every local account) is corrected on its next start (issue 12, finding 9).
import fs from 'node:fs'
import path from 'node:path'

export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700
const STICKY = 0o1000

const ownedByUs = (stats) => typeof process.getuid !== 'function' || stats.uid === process.getuid()

/**
 * Gives the folder mode 0700 unless it is not ours or is a shared folder (sticky bit, like /tmp):
 * closing that would lock other users out of their own files. Returns a note when it was left alone.
 */
export function securePrivateDirectory(directory) {
  const stats = fs.statSync(directory)
  if (!ownedByUs(stats) || stats.mode & STICKY) {
    return `${directory} is shared or not ours; its permissions were left alone — keep the data in a folder of its own`
  }
  if ((stats.mode & 0o777) !== PRIVATE_DIR_MODE) fs.chmodSync(directory, PRIVATE_DIR_MODE)
  return null
}

/** Mode 0600 for the file when it exists and is ours. */
export function securePrivateFile(file) {
  let stats
  try {
    stats = fs.statSync(file)
  } catch {
    return
  }
  if (ownedByUs(stats) && (stats.mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(file, PRIVATE_FILE_MODE)
}

/** The database, its companion files and its folder; returns notes for what was left alone. */
export function secureDatabaseFiles(databaseFile) {
  const notes = []
  const note = securePrivateDirectory(path.dirname(databaseFile))
  if (note) notes.push(note)
  // SQLite gives new -wal/-shm/-journal files the database file's own mode.
  for (const suffix of ['', '-wal', '-shm', '-journal']) securePrivateFile(databaseFile + suffix)
  return notes
}
