#!/usr/bin/env tsx
// `npm run documents:check [-- --verify] [--delete-dangling]`: compares the Document table with the
// encrypted files in DOCUMENT_DIR. Reports rows whose file is missing, files without a row, stray
// files, unfinished uploads left by a crash and wrong permissions; --verify also decrypts every file
// (nothing is kept) to prove content and key are intact. Exit code 1 while any problem remains.
// Safe while the server runs; --delete-dangling removes files without a row and stale uploads.
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { checkDocumentStore, deleteDangling, storeProblems } from '#app/models/document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { documentDir } from '#app/utils/document-store.server.ts'

const { values } = parseArgs({ options: { verify: { type: 'boolean', default: false }, 'delete-dangling': { type: 'boolean', default: false } } })

let check = await checkDocumentStore({ verify: values.verify })
console.log(`Document store ${documentDir()}: ${check.rows} documents in the database, ${check.files} files.`)
if (values['delete-dangling'] && check.dangling.length + check.staleIncoming.length > 0) {
  console.log(`Deleted ${deleteDangling(check)} file(s) without a document (dangling files and unfinished uploads).`)
  check = await checkDocumentStore({ verify: values.verify })
}
const lines: string[] = [
  ...check.missing.map((entry) => `missing file: document ${entry.documentId} (case ${entry.caseId}) has no file in the store`),
  ...check.damaged.map((entry) => `${entry.problem}: document ${entry.documentId} (case ${entry.caseId}) does not decrypt`),
  ...check.dangling.map((name) => `dangling file: ${name} belongs to no document (remove with --delete-dangling)`),
  ...check.staleIncoming.map((file) => `unfinished upload: ${file} (remove with --delete-dangling)`),
  ...check.strays.map((file) => `unexpected file: ${file}`),
  ...check.permissions.map((entry) => `permissions ${entry.mode}: ${entry.path} (folders must be 700, files 600)`),
]
for (const line of lines) console.log(line)
await prisma.$disconnect()
if (storeProblems(check) > 0) {
  console.error(`${storeProblems(check)} problem(s) found.`)
  process.exit(1)
}
console.log(values.verify ? 'No problems found; every file decrypts.' : 'No problems found (add --verify to decrypt every file).')
