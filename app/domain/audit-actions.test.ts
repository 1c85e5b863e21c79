import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import de from '#app/locales/de/privacy.json'
import en from '#app/locales/en/privacy.json'
import { CASE_ACTIONS } from './access-policy.ts'
import { AUDIT_ACTIONS, auditActionKey } from './audit-actions.ts'

const SOURCE_ROOTS = ['app', 'server', 'scripts', 'prisma']

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file)
    return /\.(ts|tsx|js)$/.test(entry.name) && !/\.test\./.test(entry.name) ? [file] : []
  })
}

/**
 * The action keys the code writes: string literals after `action:` (also both sides of a
 * conditional), and for a key built from a template, its prefix with the values it can take.
 */
function actionsInCode() {
  const literals = new Map<string, string>()
  const templates = new Map<string, string>()
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\baction:\s*([^,}\n]*)/g)) {
      for (const literal of match[1]!.matchAll(/'([a-z][a-z-]*(?:\.[a-z-]+)+)'/g)) literals.set(literal[1]!, file)
      for (const template of match[1]!.matchAll(/`([a-z][a-z.-]*)\$\{/g)) templates.set(template[1]!, file)
    }
  }
  return { literals, templates }
}

const lookup = (labels: object, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), labels)

describe('every audit action has a label', () => {
  const { literals, templates } = actionsInCode()

  test('the scan finds the actions (it would pass vacuously otherwise)', () => {
    expect(literals.size).toBeGreaterThan(80)
    expect(literals.get('case.read')).toBeDefined()
    expect(literals.get('identity.reveal')).toBeDefined()
  })

  test('every literal action in the code is in AUDIT_ACTIONS', () => {
    const known = new Set<string>(AUDIT_ACTIONS)
    const missing = [...literals].filter(([action]) => !known.has(action)).map(([action, file]) => `${action} (${file})`)
    expect(missing).toEqual([])
  })

  test('the actions built from a template are listed with every value they take', () => {
    expect([...templates.keys()].sort()).toEqual(['case.', 'client.erasure-', 'document.'])
    for (const action of CASE_ACTIONS) expect(AUDIT_ACTIONS).toContain(`case.${action}`)
    for (const outcome of ['withdraw', 'reject']) expect(AUDIT_ACTIONS).toContain(`client.erasure-${outcome}`)
    for (const purpose of ['download', 'preview', 'subject-access']) expect(AUDIT_ACTIONS).toContain(`document.${purpose}`)
  })

  test('every action has a German and an English label, and no label is left over', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(lookup(de, auditActionKey(action)), `de ${action}`).toEqual(expect.any(String))
      expect(lookup(en, auditActionKey(action)), `en ${action}`).toEqual(expect.any(String))
    }
    const keys = new Set(AUDIT_ACTIONS.map((action) => action.replaceAll('.', '_')))
    expect(Object.keys(de.auditWords.action).filter((key) => !keys.has(key))).toEqual([])
    expect(lookup(de, auditActionKey('case.read'))).toBe('Fallakte angesehen')
    expect(lookup(de, auditActionKey('identity.reveal'))).toBe('Zuordnungsschlüssel angezeigt')
  })
})
