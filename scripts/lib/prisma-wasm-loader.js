// After `prisma generate` (scripts/prisma-generate.js): the generated client loads its query
// compiler (WebAssembly, 3.3 MB) by importing a JavaScript module that holds it as one base64 string
// literal. An ES module stays loaded for the process's life, and V8 keeps both its 4.2 MB source text
// and the 4.2 MB string the literal became: 8.4 MB of the server's heap, used once at start-up
// (docs/performance.md, "Memory", session 8; decision 055). The patched loader reads the same file
// as text and decodes the literal between its quotes, so nothing of it stays reachable once the
// WebAssembly module is compiled. Same bytes, same module: only how the base64 is read differs.
import fs from 'node:fs'

export const ORIGINAL_LOADER = `  getQueryCompilerWasmModule: async () => {
    const { wasm } = await import("@prisma/client/runtime/query_compiler_fast_bg.sqlite.wasm-base64.mjs")
    return await decodeBase64AsWasm(wasm)
  },`

export const PATCHED_LOADER = `  // Patched by scripts/lib/prisma-wasm-loader.js (decision 055): the base64 module read as text and
  // not imported, so that its source and string are not kept for the process's life.
  getQueryCompilerWasmModule: async () => {
    const { readFile } = await import('node:fs/promises')
    const { createRequire } = await import('node:module')
    const file = createRequire(import.meta.url).resolve("@prisma/client/runtime/query_compiler_fast_bg.sqlite.wasm-base64.mjs")
    const text = await readFile(file, 'utf8')
    return await decodeBase64AsWasm(text.slice(text.indexOf('"') + 1, text.lastIndexOf('"')))
  },`

/**
 * Patches the generated client's class.ts in place; true if it was patched now or already. A
 * generated loader of another shape (a newer Prisma) is left as it is and reported (false): the
 * client still works, it only keeps the 8.4 MB.
 * @param {string} classFile
 */
export function patchWasmLoader(classFile) {
  const source = fs.readFileSync(classFile, 'utf8')
  if (source.includes(PATCHED_LOADER)) return true
  if (!source.includes(ORIGINAL_LOADER)) return false
  fs.writeFileSync(classFile, source.replace(ORIGINAL_LOADER, PATCHED_LOADER))
  return true
}
