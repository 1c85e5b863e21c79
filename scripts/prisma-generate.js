#!/usr/bin/env node
// `prisma generate` without network: the CLI wants a native schema engine it would download,
// but generate never runs it, so any existing file satisfies the check (shared/notes).
// Then the generated client's WebAssembly loader is patched (scripts/lib/prisma-wasm-loader.js) and
// its parameterization graph's name indices moved past V8's array gap (scripts/lib/prisma-graph-keys.js).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { offsetGraphNames } from './lib/prisma-graph-keys.js'
import { patchWasmLoader } from './lib/prisma-wasm-loader.js'

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1' }
const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env })
if (result.status !== 0) process.exit(result.status ?? 1)
const classFile = fileURLToPath(new URL('../app/generated/prisma/internal/class.ts', import.meta.url))
if (!patchWasmLoader(classFile)) {
  console.warn(`${path.relative(process.cwd(), classFile)}: the query compiler's loader has a new shape; left unpatched (see scripts/lib/prisma-wasm-loader.js)`)
}
if (!offsetGraphNames(classFile)) {
  console.warn(`${path.relative(process.cwd(), classFile)}: the parameterization graph has a new shape; left as generated (see scripts/lib/prisma-graph-keys.js)`)
}
