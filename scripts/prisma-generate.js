#!/usr/bin/env node
// `prisma generate` without network: the CLI wants a native schema engine it would download,
// but generate never runs it, so any existing file satisfies the check (shared/notes).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1' }
const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
