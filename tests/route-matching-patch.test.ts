// The patch of @remix-run/router's CommonJS build (scripts/patches/, decision 083) keeps the ranked route branches
// per routes array and each path's compiled expression. The browser bundle uses the package's unpatched
// ES module build: it is the reference here — for every route of this app and the awkward paths around
// them, the patched build must match exactly what the original does, on the first and on later calls.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { readConfig } from '@remix-run/dev/dist/config.js'
import type * as RouterModule from '@remix-run/router'
import { describe, expect, test } from 'vitest'

type Router = typeof RouterModule
type RouteObject = RouterModule.AgnosticRouteObject

const require = createRequire(import.meta.url)
const patched = require('@remix-run/router') as Router
const original = (await import('@remix-run/router/dist/router.js')) as unknown as Router

const config = await readConfig(process.cwd())
const manifest = Object.values(config.routes)

/** The routes tree as Remix's server runtime builds it from the manifest (createRoutes). */
function routesTree(parentId?: string): RouteObject[] {
  return manifest
    .filter((route) => route.parentId === parentId)
    .map((route): RouteObject => {
      const common = { id: route.id, path: route.path, caseSensitive: route.caseSensitive }
      return route.index ? { ...common, index: true } : { ...common, children: routesTree(route.id) }
    })
}

/** Every route's full path with sample values, and near misses around it. */
function samplePaths(): string[] {
  const full = (id: string | undefined): string => {
    const route = id ? config.routes[id] : undefined
    if (!route) return ''
    return [full(route.parentId), route.path ?? ''].filter(Boolean).join('/')
  }
  const paths = new Set(['/', '', '/nowhere', '/cases/', '/CASES', '/cases//x', '/a%20b', '/cases/%C3%BC', '/team/', '/x/y/z/w'])
  for (const route of manifest) {
    const pattern = '/' + full(route.id)
    for (const value of ['abc123', 'c%2Fx', 'ÄÖ', '1']) {
      const concrete = pattern.replace(/:[\w-]+\??/g, value).replace(/\*$/, `${value}/rest`)
      paths.add(concrete)
      paths.add(concrete + '/')
      paths.add(concrete + '/extra')
      paths.add(concrete.toUpperCase())
    }
    paths.add(pattern.replace(/\/:[\w-]+\?/g, '').replace(/\/\*$/, ''))
  }
  return [...paths]
}

const describeMatches = (matches: ReturnType<Router['matchRoutes']>) =>
  matches?.map((match) => ({ id: match.route.id!, params: match.params, pathname: match.pathname, pathnameBase: match.pathnameBase })) ?? null

describe('route matching with the patched router (decision 083)', () => {
  test('the patch is applied to the CommonJS build of the installed version, and not to the browser build', () => {
    const installed = (require('@remix-run/router/package.json') as { version: string }).version
    expect(fs.existsSync(path.join('scripts', 'patches', `@remix-run+router+${installed}.patch`))).toBe(true)
    const source = (file: string) => fs.readFileSync(require.resolve(`@remix-run/router/dist/${file}`), 'utf8')
    expect(source('router.cjs.js')).toContain('rankedBranchesByRoutes')
    expect(source('router.cjs.js')).toContain('compiledPaths')
    expect(source('router.js')).not.toContain('rankedBranchesByRoutes')
  })

  test('every route and the paths around it match as with the original, on the first and on later calls', () => {
    const routes = routesTree()
    const paths = samplePaths()
    expect(manifest.length).toBeGreaterThan(50)
    expect(paths.length).toBeGreaterThan(manifest.length * 4)
    const reached = new Set<string>()
    for (let round = 0; round < 3; round++) {
      for (const pathname of paths) {
        const expected = describeMatches(original.matchRoutes(routes, pathname))
        expect(describeMatches(patched.matchRoutes(routes, pathname)), pathname).toEqual(expected)
        // a tree built anew (as the render does on every request) matches the same
        expect(describeMatches(patched.matchRoutes(routesTree(), pathname)), pathname).toEqual(expected)
        if (expected) reached.add(expected.at(-1)!.id)
      }
    }
    // the samples reach (almost) every route that has a page of its own, not only the catch-all
    const leaves = manifest.filter((route) => !manifest.some((child) => child.parentId === route.id))
    expect(reached.size).toBeGreaterThan(leaves.length * 0.9)
  })

  test('a basename, a location object and matchPath behave as in the original', () => {
    const routes = routesTree()
    for (const [location, basename] of [
      ['/app/cases', '/app'],
      ['/cases', '/app'],
      [{ pathname: '/team', search: '?x=1' }, undefined],
    ] as const) {
      expect(describeMatches(patched.matchRoutes(routes, location, basename))).toEqual(describeMatches(original.matchRoutes(routes, location, basename)))
    }
    for (const [pattern, pathname] of [
      [{ path: '/cases/:caseId', end: false }, '/cases/abc/edit'],
      [{ path: '/cases/:caseId', end: true }, '/cases/abc/edit'],
      [{ path: '/Cases/:caseId', caseSensitive: true }, '/cases/abc'],
      [{ path: '/Cases/:caseId', caseSensitive: false }, '/cases/abc'],
      ['/files/*', '/files/a/b'],
      ['/x/:y?', '/x'],
      // flags of other types than boolean, read by truth as the original reads them
      [{ path: '/cases/:caseId', end: 0 as unknown as boolean }, '/cases/abc/edit'],
      [{ path: '/cases/:caseId', end: null as unknown as boolean }, '/cases/abc/edit'],
      [{ path: '/Cases/:caseId', caseSensitive: 1 as unknown as boolean }, '/cases/abc'],
    ] as const) {
      for (let call = 0; call < 2; call++) expect(patched.matchPath(pattern, pathname)).toEqual(original.matchPath(pattern, pathname))
    }
  })

  test('patterns made from input cannot grow the compiled-path memo without limit, and still match', () => {
    for (let i = 0; i < 5000; i++) {
      const pattern = `/generated-${i}/:id`
      expect(patched.matchPath(pattern, `/generated-${i}/x`)?.params).toEqual({ id: 'x' })
    }
    const source = fs.readFileSync(require.resolve('@remix-run/router/dist/router.cjs.js'), 'utf8')
    expect(source).toMatch(/compiledPaths\.size < compiledPathsLimit/)
  })
})
