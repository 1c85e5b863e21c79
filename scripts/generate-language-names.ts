#!/usr/bin/env tsx
// `npx tsx scripts/generate-language-names.ts`: writes app/utils/iso-639-3-living.server.ts, the
// living individual languages and macrolanguages of ISO 639-3 with their English reference names,
// from the iso-639-3 package. Run it after upgrading that package (scripts/lib/living-languages.test.ts compares
// the file with the package and fails until then).
//
// Why not import the package at run time: its module is the whole table (≈ 7,900 entries with six
// fields each, 780 kB of source) and stayed in the server's heap for the two things we use it for
// (isLanguageCode and the English fallback name): 3.7 MB of live heap for it and our map against
// 1.4 MB for these 7,027 lines and the same map, besides its source (docs/performance.md,
// "Memory", session 10).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { livingLanguageTable } from './lib/living-languages.ts'

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'app', 'utils', 'iso-639-3-living.server.ts')
fs.writeFileSync(target, livingLanguageTable())
console.log(`Wrote ${path.relative(process.cwd(), target)}`)
