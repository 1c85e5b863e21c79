// The layer rule of docs/architecture.md holds: ESLint refuses a wrong-way import, and app/ has no
// import cycle. (Lint runs over the real files in `npm test`; here it runs over snippets, to prove
// that the rule fires at all.)
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const eslint = new ESLint({ cwd: root })

/** The messages of no-restricted-imports for one line of code placed in the given file. */
async function layerErrors(file: string, code: string) {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) })
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message)
}

describe('a wrong-way import fails lint', () => {
  test.each([
    ['a model imports a component', 'app/models/example.server.ts', "export { ContactForm } from '#app/components/contact-form.tsx'", /app\/models must not import from app\/components/],
    ['a model imports a route (relative path)', 'app/models/example.server.ts', "export { loader } from '../routes/cases._index.tsx'", /app\/models must not import from app\/routes/],
    ['a util imports a component', 'app/utils/example.ts', "export { Field } from '#app/components/ui/field.tsx'", /app\/utils must not import from app\/components/],
    ['a util calls domain code', 'app/utils/example.server.ts', "export { canAccessCase } from '#app/domain/access-policy.ts'", /app\/utils may import only types from app\/domain/],
    ['the domain imports a form', 'app/domain/example.ts', "export { ContactFormSchema } from '#app/forms/contact.ts'", /app\/domain must not import from app\/forms/],
    ['the domain imports a model', 'app/domain/statistics/example.ts', "export { loadStatistics } from '../../models/statistics.server.ts'", /app\/domain must not import from app\/models/],
    ['a form imports a model', 'app/forms/example.ts', "export { getContact } from '#app/models/contact.server.ts'", /app\/forms must not import from app\/models/],
    ['a component imports a server module', 'app/components/example.tsx', "export { getEnv } from '#app/utils/env.server.ts'", /app\/components is client-safe/],
    ['a route queries the database itself', 'app/routes/example.tsx', "export { prisma } from '#app/utils/db.server.ts'", /Routes reach the database through app\/models/],
    ['a plain util imports a server module', 'app/utils/example.ts', "export { prisma } from './db.server.ts'", /a plain app\/utils module is client-safe/],
  ])('%s', async (_case, file, code, expected) => {
    expect(await layerErrors(file, code)).toContainEqual(expect.stringMatching(expected))
  })

  test.each([
    ['a route uses every layer', 'app/routes/example.tsx', "export { requireCaseAccess } from '#app/models/case-access.server.ts'\nexport { Field } from '#app/components/ui/field.tsx'"],
    ['a component uses a form, the domain and a plain util', 'app/components/example.tsx', "export { contactFormSchema } from '#app/forms/contact.ts'\nexport { CONTACT_MODES } from '#app/domain/codes.ts'\nexport { formatDate } from '#app/utils/format.ts'"],
    ['a model uses a form, the domain and a server util', 'app/models/example.server.ts', "export { PartnerSchema } from '#app/forms/partner.ts'\nexport { canAccessCase } from '#app/domain/access-policy.ts'\nexport { prisma } from '#app/utils/db.server.ts'"],
    ['a util names a domain type', 'app/utils/example.server.ts', "export { type Role } from '#app/domain/codes.ts'"],
    ['the domain uses a plain util', 'app/domain/example.ts', "export { countryName } from '#app/utils/iso.ts'"],
  ])('%s: allowed', async (_case, file, code) => {
    expect(await layerErrors(file, code)).toEqual([])
  })
})

/** Every module of app/ with the app modules it imports (static imports and re-exports). */
function importGraph() {
  const appDir = path.join(root, 'app')
  const files = (fs.readdirSync(appDir, { recursive: true }) as string[])
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith('generated'))
    .map((file) => path.join(appDir, file))
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8')
    const targets: string[] = []
    for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const resolved = specifier!.startsWith('#app/')
        ? path.join(appDir, specifier!.slice('#app/'.length))
        : specifier!.startsWith('.')
          ? path.resolve(path.dirname(file), specifier!)
          : null
      if (resolved && files.includes(resolved)) targets.push(resolved)
    }
    graph.set(file, targets)
  }
  return graph
}

/** The import cycles, as lists of files (strongly connected components of more than one file, or a self-import). */
function cycles(graph: Map<string, string[]>) {
  let index = 0
  const indices = new Map<string, number>()
  const lowLinks = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string) => {
    indices.set(node, index)
    lowLinks.set(node, index)
    index += 1
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next)
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(next)!))
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(next)!))
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(path.relative(root, member))
      } while (member !== node)
      if (component.length > 1 || graph.get(node)!.includes(node)) found.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!indices.has(node)) visit(node)
  return found
}

test('app/ has no import cycles', () => {
  const graph = importGraph()
  expect(graph.size).toBeGreaterThan(100)
  expect(cycles(graph)).toEqual([])
})

test('the cycle check finds a cycle', () => {
  const graph = new Map([
    ['/a.ts', ['/b.ts']],
    ['/b.ts', ['/c.ts']],
    ['/c.ts', ['/a.ts']],
    ['/d.ts', ['/a.ts']],
  ])
  expect(cycles(graph)).toHaveLength(1)
  expect(cycles(graph)[0]).toHaveLength(3)
})

// SQLite names a table's automatic index (of its primary key or a unique constraint in its DDL)
// `sqlite_autoindex_<table>_<n>`, numbered in the order of the constraints: a migration that rebuilds
// the table in another order renames it, and `INDEXED BY` a name then fails every run of the statement
// (session 24: the session read of every request named one). A statement names indexes of its own.
test('no statement of the app or its server names an automatic index', () => {
  const files = ['app', 'server'].flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(ts|tsx|js)$/.test(file) && !/\.test\.tsx?$/.test(file))
      .map((file) => path.join(folder, file)),
  )
  expect(files.length).toBeGreaterThan(100)
  const naming = files.filter((file) => /INDEXED BY\s+"?sqlite_autoindex_/i.test(fs.readFileSync(path.join(root, file), 'utf8')))
  expect(naming).toEqual([])
})
