// The generated client loads its query compiler without keeping the base64 module (decision 055).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { ORIGINAL_LOADER, PATCHED_LOADER, patchWasmLoader } from './prisma-wasm-loader.js'

const classFile = path.join(import.meta.dirname, '..', '..', 'app', 'generated', 'prisma', 'internal', 'class.ts')

describe('the query compiler loader of the generated client', () => {
  test('is patched (a plain `prisma generate` undoes it: run scripts/prisma-generate.js)', () => {
    const source = fs.readFileSync(classFile, 'utf8')
    expect(source).toContain(PATCHED_LOADER)
    expect(source).not.toContain(ORIGINAL_LOADER)
  })

  test('reads exactly the bytes the original import decodes', async () => {
    // the module the generator imports (untyped: Prisma ships no declaration for it)
    const specifier = '@prisma/client/runtime/query_compiler_fast_bg.sqlite.wasm-base64.mjs'
    const { wasm } = (await import(/* @vite-ignore */ specifier)) as { wasm: string }
    const file = path.join(import.meta.dirname, '..', '..', 'node_modules', '@prisma', 'client', 'runtime', 'query_compiler_fast_bg.sqlite.wasm-base64.mjs')
    const text = fs.readFileSync(file, 'utf8')
    const read = text.slice(text.indexOf('"') + 1, text.lastIndexOf('"'))
    expect(read).toBe(wasm)
    const module = new WebAssembly.Module(Buffer.from(read, 'base64'))
    expect(WebAssembly.Module.exports(module).length).toBeGreaterThan(0)
  })

  test('patches once, and leaves a loader of another shape alone', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-wasm-loader-'))
    try {
      const file = path.join(folder, 'class.ts')
      fs.writeFileSync(file, `before\n${ORIGINAL_LOADER}\nafter\n`)
      expect(patchWasmLoader(file)).toBe(true)
      const patched = fs.readFileSync(file, 'utf8')
      expect(patched).toBe(`before\n${PATCHED_LOADER}\nafter\n`)
      expect(patchWasmLoader(file)).toBe(true)
      expect(fs.readFileSync(file, 'utf8')).toBe(patched)
      fs.writeFileSync(file, 'getQueryCompilerWasmModule: async () => somethingNew()\n')
      expect(patchWasmLoader(file)).toBe(false)
      expect(fs.readFileSync(file, 'utf8')).toBe('getQueryCompilerWasmModule: async () => somethingNew()\n')
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
  })
})
