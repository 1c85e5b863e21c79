// Where the database is, for the app, `npm start` and every script (decision 033), and whether a
// server holds it open. Plain JavaScript: db-migrate.js runs under Node without tsx.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// This file lives in server/; bundled into build/index.js it would not be, so the root comes from
// package.json's location, found upwards from here.
const root = findRoot(path.dirname(fileURLToPath(import.meta.url)))

function findRoot(from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(from, '..')
  }
}

export const projectRoot = root
export const defaultDatabaseFile = path.join(root, 'data', 'wegbegleiter.db')

/**
 * The database file named by DATABASE_URL: unset, empty or blank means the default
 * (./data/wegbegleiter.db); a relative path is relative to the project folder, whatever the
 * current directory (the generated .env has `DATABASE_URL=` — issue 16).
 */
export function databaseFile(url = process.env.DATABASE_URL) {
  const raw = (url ?? '').trim().replace(/^file:/, '')
  if (!raw) return defaultDatabaseFile
  return path.isAbsolute(raw) ? raw : path.resolve(root, raw)
}

export function databaseUrl(url = process.env.DATABASE_URL) {
  return `file:${databaseFile(url)}`
}

/** The marker a running server leaves beside its database: `<database>.server`, holding its pid and port. */
export function serverMarker(file) {
  return `${file}.server`
}

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still a running server.
    return error?.code === 'EPERM'
  }
}

/** The running server that holds the database open, or null (a marker left by a crashed server is ignored). */
export function runningServer(file = databaseFile()) {
  let content
  try {
    content = JSON.parse(fs.readFileSync(serverMarker(file), 'utf8'))
  } catch {
    return null
  }
  const pid = Number(content?.pid)
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return null
  return { pid, port: content.port ?? null }
}

/** Called by the server once it listens; the marker goes when this process ends. */
export function markServerRunning(file, port) {
  const marker = serverMarker(file)
  fs.writeFileSync(marker, JSON.stringify({ pid: process.pid, port }), { mode: 0o600 })
  process.on('exit', () => {
    try {
      const content = JSON.parse(fs.readFileSync(marker, 'utf8'))
      if (content.pid === process.pid) fs.rmSync(marker, { force: true })
    } catch {
      // already gone
    }
  })
}

/**
 * For scripts that must not write while the server runs (schema changes, bulk loads, restore,
 * key rotation): exits with a message that says what to do.
 */
export function refuseWhileServerRuns(what, file = databaseFile()) {
  const server = runningServer(file)
  if (!server) return
  console.error(
    `${what} cannot run while the server uses ${file} (process ${server.pid}${server.port ? `, port ${server.port}` : ''}).\n` +
      'Stop the server (Ctrl+C in its terminal, or stop its service), then run this again.',
  )
  process.exit(1)
}
