import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { namespaces, resources, supportedLanguages } from './index.ts'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`)))
}

/** Plural forms differ between languages only in theory; de and en share `_one`/`_other`. */
const keysOf = (language: (typeof supportedLanguages)[number], namespace: string) =>
  flatten((resources[language] as unknown as Record<string, Tree>)[namespace]!).sort()

describe('translations', () => {
  test('every namespace file is registered', () => {
    for (const language of supportedLanguages) {
      const files = fs
        .readdirSync(path.join(import.meta.dirname, language))
        .filter((file) => file.endsWith('.json'))
        .map((file) => file.replace(/\.json$/, ''))
        .sort()
      expect(files).toEqual([...namespaces].sort())
    }
  })

  for (const namespace of namespaces) {
    test(`${namespace}: German and English have the same keys`, () => {
      const german = keysOf('de', namespace)
      const english = keysOf('en', namespace)
      expect({ onlyGerman: german.filter((key) => !english.includes(key)), onlyEnglish: english.filter((key) => !german.includes(key)) }).toEqual({
        onlyGerman: [],
        onlyEnglish: [],
      })
    })

    test(`${namespace}: no empty translations`, () => {
      for (const language of supportedLanguages) {
        const tree = (resources[language] as unknown as Record<string, Tree>)[namespace]!
        const empty = flatten(tree).filter((key) => {
          const value = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree)
          return typeof value !== 'string' || value.trim() === ''
        })
        expect({ language, empty }).toEqual({ language, empty: [] })
      }
    })
  }

  test('every key used in the code with a literal namespace exists', () => {
    const root = path.resolve(import.meta.dirname, '..')
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory() && entry.name !== 'generated' && entry.name !== 'locales') walk(full)
        else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.includes('.test.')) files.push(full)
      }
    }
    walk(root)
    const known = new Set(namespaces.flatMap((namespace) => keysOf('de', namespace).map((key) => `${namespace}:${key.replace(/_(one|other)$/, '')}`)))
    const missing = new Set<string>()
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8')
      // Only fully literal keys with a namespace ('ns:a.b'); dynamic keys are checked by the pages' tests.
      for (const match of source.matchAll(/['"`]((?:common|auth|codes|admin|cases|caseFile|contacts|referrals|team|statistics|privacy):[A-Za-z0-9_.]+)['"`]/g)) {
        const key = match[1]!
        if (!known.has(key) && !known.has(key.replace(/\.$/, ''))) missing.add(`${path.relative(root, file)}: ${key}`)
      }
    }
    expect([...missing]).toEqual([])
  })
})
