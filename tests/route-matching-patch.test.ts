// The patch of @remix-run/router's CommonJS build (scripts/patches/, decision 083) keeps the ranked route branches
// per routes array and each path's compiled expression. The browser bundle uses the package's unpatched
// ES module build: it is the reference here — for every route of this app and the awkward paths around
// them, the patched build must match exactly what the original does, on the first and on later calls.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { readConfig } from '@remix-run/dev/dist/config.js'
import type * as RemixReactModule from '@remix-run/react'
import type * as RouterModule from '@remix-run/router'
import type * as ReactModule from 'react'
import type * as ReactDomServerModule from 'react-dom/server'
import type * as StaticServerModule from 'react-router-dom/server'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'

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
  // aimed at the first-segment filter (decision 169): case, slashes, encoding, non-ASCII, no leading slash
  for (const awkward of ['/CASES/x', '/Cases/', '//cases', '/cases/', '/ca%73es', '/ca%53ES/x', '/caſes', '/İ', '/\u212Aey', '/TEAM', '/Team/', '//team//', '/%74eam', 'cases', '///', '/ca%ZZes', '/%2Fcases', '/cases%2Fx'])
    paths.add(awkward)
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

// the router warns of every malformed percent-encoding it is given (the samples have some on purpose)
beforeEach(() => {
  const warn = console.warn.bind(console)
  vi.spyOn(console, 'warn').mockImplementation((message: unknown, ...rest: unknown[]) => {
    if (!String(message).includes('could not be decoded')) warn(message, ...rest)
  })
})
afterEach(() => void vi.restoreAllMocks())

const describeMatches = (matches: ReturnType<Router['matchRoutes']>) =>
  matches?.map((match) => ({ id: match.route.id!, params: match.params, pathname: match.pathname, pathnameBase: match.pathnameBase })) ?? null

/** A seeded random integer below n (mulberry32), so that a failure of a random test can be repeated. */
function seededBelow(initial: number) {
  let seed = initial
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) % n
  }
}

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

/**
 * A tree made to trip the first-segment filter (decision 169): pathless layouts and index routes, a
 * case-sensitive route, absolute child paths, optional segments, a "?" inside a segment (the slash
 * before it becomes optional in compilePath's expression), regular-expression characters, non-ASCII,
 * doubled and trailing slashes, splats, and a static route beside the pathless root.
 */
const awkwardTree: RouteObject[] = [
  {
    id: 'root',
    path: '',
    children: [
      {
        id: 'layout',
        children: [
          { id: 'cases', path: 'cases', children: [{ id: 'cases-index', index: true }, { id: 'case', path: ':caseId', children: [{ id: 'case-edit', path: 'edit' }] }] },
          { id: 'Upper', path: 'Upper', caseSensitive: true },
          { id: 'upper', path: 'upper' },
        ],
      },
      { id: 'absolute', path: '/absolute/x' },
      { id: 'optional-static', path: 'opt?/y' },
      { id: 'optional-lang', path: ':lang?/about' },
      { id: 'question-inside', path: 'pre/:a?b' },
      { id: 'dotted', path: 'a.b-c' },
      { id: 'umlaut', path: 'über' },
      { id: 'double', path: '//double//x' },
      { id: 'trailing', path: 'trail/' },
      { id: 'i', path: 'i' },
      { id: 'k', path: 'k' },
      { id: 's', path: 's' },
      { id: 'files', path: 'files/*' },
      { id: 'umlaut-files', path: 'über/*' },
      { id: 'param-files', path: ':p/files/*' },
      { id: 'deep', path: 'deep', children: [{ id: 'deep-files', path: 'files/*' }] },
      { id: 'splat', path: '*' },
    ],
  },
  { id: 'top', path: 'top', children: [{ id: 'top-index', index: true }] },
  { id: 'home', index: true },
]

function awkwardPaths(): string[] {
  const segments = ['', 'cases', 'CASES', 'Cases', 'FILES', 'Double', 'ca%73es', 'caſes', 'İ', 'ı', 'i', 'I', 'k', '\u212A', 's', 'ſ', 'upper', 'Upper', 'UPPER', 'absolute', 'ABSOLUTE', 'opt', 'OPT', 'y', 'de', 'about', 'prexb', 'pre', 'PRE', 'a.b-c', 'aXb-c', 'über', 'ÜBER', '%C3%BCber', 'double', 'trail', 'files', 'deep/files', 'DEEP/files', '%64eep/files', 'x/files', 'top', 'TOP', 'x', 'edit', '%2F', 'ca%ZZ']
  const paths = new Set<string>()
  for (const first of segments) {
    for (const form of [`/${first}`, `/${first}/`, `//${first}`, `${first}`, `/${first}//x`, `/${first}/y/`]) paths.add(form)
    for (const second of ['x', 'X', 'edit', 'about', 'y', 'xb', '']) paths.add(`/${first}/${second}`)
    paths.add(`/${first}/x/edit`)
  }
  return [...paths]
}

/** The paths, each as the matcher answers it, that a router answers differently from the original. */
function differences(router: Router, routes: RouteObject[], paths: string[], basename?: string): string[] {
  return paths.filter(
    (pathname) => JSON.stringify(describeMatches(router.matchRoutes(routes, pathname, basename))) !== JSON.stringify(describeMatches(original.matchRoutes(routes, pathname, basename))),
  )
}

// The patched source loaded anew (to break it on purpose, or to count the branches tried), with the router's
// internal matchRoutesImpl exposed: its allowPartial form (the browser's route discovery) is not exported.
type LoadedRouter = Router & { matchRoutesImpl: (routes: RouteObject[], pathname: string, basename: string, allowPartial: boolean) => ReturnType<Router['matchRoutes']> }
const patchedSource = fs.readFileSync(require.resolve('@remix-run/router/dist/router.cjs.js'), 'utf8')
function load(text: string): LoadedRouter {
  const module = { exports: {} as LoadedRouter }
  new Function('exports', 'module', 'require', `${text}\nmodule.exports.matchRoutesImpl = matchRoutesImpl;`)(module.exports, module, require)
  return module.exports
}
// the patched source with both filters left out: the reference for allowPartial, which the original does not export
const loadedPatched = load(patchedSource)
const unfiltered = load(patchedSource.replace('let segments = branchSegments[i];', 'let segments = null;').replace('let firstSegment = firstSegments[i];', 'let firstSegment = null;'))

/** The paths that a router matches differently from the unfiltered one with allowPartial. */
function partialDifferences(router: LoadedRouter, routes: RouteObject[], paths: string[]): string[] {
  const answer = (from: LoadedRouter, pathname: string) => JSON.stringify(describeMatches(from.matchRoutesImpl(routes, pathname, '/', true)))
  return paths.filter((pathname) => answer(router, pathname) !== answer(unfiltered, pathname)).map((pathname) => `partial ${pathname}`)
}

const basenameCases: [string, (pathname: string) => string][] = [
  ['/app', (pathname) => `/app${pathname}`],
  ['/app', (pathname) => `/APP${pathname}`],
  ['/app/', (pathname) => `/app${pathname}`],
]

describe('the first-segment filter of the patched router (decision 169)', () => {
  test('a tree made to trip it, and the app, match as with the original, also under a basename', () => {
    const awkward = awkwardPaths()
    const app = samplePaths()
    expect(differences(patched, awkwardTree, awkward)).toEqual([])
    for (const [basename, under] of basenameCases) {
      expect(differences(patched, awkwardTree, awkward.map(under), basename)).toEqual([])
      expect(differences(patched, routesTree(), app.map(under), basename)).toEqual([])
    }
    // the samples reach the routes the filter is about
    const reached = new Set(awkward.map((pathname) => original.matchRoutes(awkwardTree, pathname)?.at(-1)?.route.id))
    for (const id of ['cases-index', 'case-edit', 'Upper', 'upper', 'absolute', 'optional-static', 'optional-lang', 'question-inside', 'dotted', 'umlaut', 'double', 'trailing', 'i', 'k', 's', 'files', 'umlaut-files', 'param-files', 'deep-files', 'splat', 'top-index'])
      expect(reached, id).toContain(id)
  })

  test('random trees and paths (seeded) match as with the original', () => {
    const next = seededBelow(169)
    const pick = <T,>(items: readonly T[]): T => items[next(items.length)]!
    const routePaths = [undefined, '', 'a', 'A', 'ab', 'b', ':p', ':p?', 'a?', 'a?/b', '*', 'a/*', 'a/b', 'a/:p', 'ä', 'Ä', 'a.b', '//a', 'a/', 'x/:q?y', 'ſ', 'k'] as const
    const pathSegments = ['', 'a', 'A', 'ab', 'AB', 'b', 'x', 'xy', 'ä', 'Ä', '%61', '%41B', '%C3%A4', 'a.b', 'aXb', 'ſ', '\u212A', 'k', 'y', '%ZZ'] as const
    let id = 0
    const tree = (depth: number): RouteObject[] =>
      Array.from({ length: 1 + next(3) }, (): RouteObject => {
        const caseSensitive = next(4) === 0
        if (next(5) === 0) return { id: String(id++), index: true, caseSensitive }
        return { id: String(id++), path: pick(routePaths), caseSensitive, children: depth < 3 && next(2) === 0 ? tree(depth + 1) : undefined }
      })
    const answer = (router: Router, routes: RouteObject[], pathname: string) => {
      try {
        return JSON.stringify(describeMatches(router.matchRoutes(routes, pathname)))
      } catch (error) {
        return `throws ${(error as Error).message}`
      }
    }
    let compared = 0
    let matched = 0
    for (let t = 0; t < 300; t++) {
      const routes = tree(0)
      for (let p = 0; p < 60; p++) {
        const segments = Array.from({ length: next(4) }, () => pick(pathSegments))
        const pathname = pick(['/', '//', '']) + segments.join(pick(['/', '/', '/', '//'])) + pick(['', '', '/'])
        const expected = answer(original, routes, pathname)
        expect(answer(patched, routes, pathname), `${JSON.stringify(routes)} ${pathname}`).toBe(expected)
        compared++
        if (expected !== 'null' && !expected.startsWith('throws')) matched++
      }
    }
    expect(compared).toBe(18000)
    // enough of them match something for the comparison to mean anything
    expect(matched).toBeGreaterThan(3000)
  })

  // The samples matched with the patched build and 14 builds broken on purpose: the file's longest test
  // (≈ 31 s alone on 2 busy cores, where the default budget was 31 s), so a budget of its own.
  test('the filter is applied, and a broken filter is caught by these samples', { timeout: scaledAtStart(60_000) }, () => {
    const allDifferences = (router: LoadedRouter) => [
      ...differences(router, awkwardTree, awkwardPaths()),
      ...differences(router, routesTree(), samplePaths()),
      ...basenameCases.flatMap(([basename, under]) => differences(router, awkwardTree, awkwardPaths().map(under), basename)),
      ...partialDifferences(router, awkwardTree, awkwardPaths()),
      ...partialDifferences(router, routesTree(), samplePaths()),
    ]
    const source = patchedSource
    expect(allDifferences(load(source))).toEqual([])
    const broken: [string, string, string][] = [
      ['compares case-sensitively', 'if (code >= 65 && code <= 90) code += 32;', ''],
      ["takes the leaf route's own path, not the branch's full path", 'let path = branch.path;', 'let path = branch.routesMeta[branch.routesMeta.length - 1].relativePath;'],
      ['reads the first segment of the encoded pathname', '!firstSegmentIs(firstSegment, decoded, firstLength)', '!firstSegmentIs(firstSegment, pathname, firstLength)'],
      ['keeps a static segment of a path with a "?" in it', 'if (path.includes("?")) return null;', ''],
      ['keeps a non-ASCII segment', 'if (segment.charCodeAt(i) > 127) return null;', ''],
      ['takes a parameter for a static segment', 'segment.includes(":") || ', ''],
      // past the first segment (session 24, second part)
      ['compares a later segment with the previous position', 'let segment = segments[p];', 'let segment = p > 0 ? segments[p - 1] : segments[p];'],
      ['compares later segments case-sensitively', 'let code = decoded.charCodeAt(start + i);\n      if (code >= 65 && code <= 90) code += 32;', 'let code = decoded.charCodeAt(start + i);'],
      ['takes a parameter for a static segment at any position', 'segments.push(null);\n        continue;', 'segments.push(segment.toLowerCase());\n        continue;'],
      ['compares a non-ASCII segment at any position', 'if (segment.charCodeAt(i) > 127) ascii = false;', ''],
      ['ignores a splat', 'if (path.includes("?") || path.includes("*")) return null;', 'if (path.includes("?")) return null;'],
      ['drops the empty segment between doubled slashes', 'if (segment === "") return null;', 'if (segment === "") continue;'],
      ["counts the pathname's trailing slash as a segment", 'while (segmentsEnd > 0 && decoded.charCodeAt(segmentsEnd - 1) === 47) segmentsEnd--;', ''],
      ['requires as many segments also of a partial match', 'if (allowPartial ? count < length : count !== length) return false;', 'if (count !== length) return false;'],
    ]
    for (const [what, from, to] of broken) {
      expect(source, what).toContain(from)
      expect(allDifferences(load(source.replace(from, to))).length, what).toBeGreaterThan(0)
    }
  })
})

describe('every static segment at a fixed position (decision 169, session 24)', () => {
  test('random trees of parameters and static segments at several depths (seeded) match as with the original, also partially', () => {
    const next = seededBelow(24)
    const pick = <T,>(items: readonly T[]): T => items[next(items.length)]!
    // simple paths (static and ":name" segments, leading and trailing slashes) and some that are not
    const routePaths = [undefined, '', '/', 'cases', 'Cases', ':id', ':a-b', 'edit', 'new', 'contacts/new', ':id/edit', 'a/:x/b', ':x/:y', 'a/b/c', 'edit/', '//new', 'ä', 'a:b', ':x.y', 'a//b', 'x/*', ':id?', 'k'] as const
    const pathSegments = ['', 'cases', 'CASES', '1', 'edit', 'EDIT', 'new', 'contacts', 'a', 'A', 'b', 'c', 'x', 'ä', 'Ä', 'a:b', '1.y', '%65dit', '\u212A', 'k', ':id'] as const
    let id = 0
    const tree = (depth: number): RouteObject[] =>
      Array.from({ length: 1 + next(3) }, (): RouteObject => {
        const caseSensitive = next(6) === 0
        if (next(5) === 0) return { id: String(id++), index: true, caseSensitive }
        return { id: String(id++), path: pick(routePaths), caseSensitive, children: depth < 4 && next(3) !== 0 ? tree(depth + 1) : undefined }
      })
    const walk = (routes: RouteObject[]): string[] => {
      const route = pick(routes)
      const own = (route.path ?? '').split('/').filter(Boolean).map((segment) => (segment.startsWith(':') ? pick(pathSegments) : next(4) === 0 ? segment.toUpperCase() : segment))
      return route.children && next(5) !== 0 ? [...own, ...walk(route.children)] : own
    }
    const answer = (match: () => ReturnType<Router['matchRoutes']>) => {
      try {
        return JSON.stringify(describeMatches(match()))
      } catch (error) {
        return `throws ${(error as Error).message}`
      }
    }
    let compared = 0
    let matched = 0
    let deep = 0
    for (let t = 0; t < 300; t++) {
      const routes = tree(0)
      for (let p = 0; p < 40; p++) {
        // half of them along a branch of the tree (its parameters given values, its segments sometimes in capitals)
        const segments = next(2) === 0 ? walk(routes) : Array.from({ length: next(6) }, () => pick(pathSegments))
        const pathname = pick(['/', '/', '//', '']) + segments.join(pick(['/', '/', '/', '/', '//'])) + pick(['', '', '/'])
        const expected = answer(() => original.matchRoutes(routes, pathname))
        expect(answer(() => patched.matchRoutes(routes, pathname)), `${JSON.stringify(routes)} ${pathname}`).toBe(expected)
        const partial = answer(() => unfiltered.matchRoutesImpl(routes, pathname, '/', true))
        expect(answer(() => loadedPatched.matchRoutesImpl(routes, pathname, '/', true)), `partial ${JSON.stringify(routes)} ${pathname}`).toBe(partial)
        compared++
        if (expected !== 'null' && !expected.startsWith('throws')) {
          matched++
          if ((JSON.parse(expected) as { pathname: string }[]).at(-1)!.pathname.split('/').length > 3) deep++
        }
      }
    }
    expect(compared).toBe(12000)
    // enough of them match, and with three or more segments, for the comparison to mean anything
    expect(matched).toBeGreaterThan(2000)
    expect(deep).toBeGreaterThan(250)
  })

  test("the app's pages try one branch each (the first that matches)", () => {
    const call = 'matches = matchRouteBranch(branches[i], decoded, allowPartial);'
    expect(patchedSource).toContain(call)
    const counted = load(`let branchesTried = 0;\n${patchedSource.replace(call, `branchesTried++; ${call}`)}\nmodule.exports.branchesTried = () => branchesTried;`) as LoadedRouter & { branchesTried: () => number }
    const tried = (pathname: string) => {
      const before = counted.branchesTried()
      counted.matchRoutes(routesTree(), pathname)
      return counted.branchesTried() - before
    }
    for (const pathname of ['/about', '/team', '/cases', '/cases/cm0abc123', '/cases/cm0abc123/edit', '/cases/cm0abc123/contacts/new', '/cases/x/documents/y/download', '/nowhere', '/cases/a/b/c/d'])
      expect(tried(pathname), pathname).toBe(1)
  })
})

describe("the render's route tree kept per build (decision 169)", () => {
  type RemixReact = typeof RemixReactModule
  type StaticServer = typeof StaticServerModule
  // the CommonJS builds, as the server loads them
  const remix = require('@remix-run/react') as RemixReact
  const staticServer = require('react-router-dom/server') as StaticServer
  const { createElement } = require('react') as typeof ReactModule
  const { renderToString } = require('react-dom/server') as typeof ReactDomServerModule
  const { UNSAFE_mapRouteProperties: mapRouteProperties } = require('react-router') as { UNSAFE_mapRouteProperties: Parameters<Router['UNSAFE_convertRoutesToDataRoutes']>[1] }

  test('the patches are applied to the server builds that Node loads, and not to the ES module builds', () => {
    const source = (file: string) => fs.readFileSync(require.resolve(file), 'utf8')
    const packages: [string, string][] = [
      ['@remix-run/react', (require('@remix-run/react/package.json') as { version: string }).version],
      ['react-router-dom', (require('react-router-dom/package.json') as { version: string }).version],
    ]
    for (const [name, version] of packages)
      expect(fs.existsSync(path.join('scripts', 'patches', `${name.replace('/', '+')}+${version}.patch`)), name).toBe(true)
    expect(source('@remix-run/react/dist/server.js')).toContain('keptServerRoutes(manifest.routes')
    expect(source('@remix-run/react/dist/esm/server.js')).not.toContain('keptServerRoutes')
    expect(source('react-router-dom/server.js')).toContain('dataRoutesByRoutes')
    expect(source('react-router-dom/server.mjs')).not.toContain('dataRoutesByRoutes')
  })

  test('createStaticRouter keeps the data routes per routes array, equal to a conversion anew, and maps each request’s matches onto them', async () => {
    const Page = () => createElement('p', null, 'page')
    const routes = [{ id: 'root', path: '', Component: Page, children: [{ id: 'cases', path: 'cases', children: [{ id: 'case', path: ':caseId', Component: Page }] }, { id: 'index', index: true, Component: Page }] }]
    const handler = staticServer.createStaticHandler(routes)
    const contextFor = async (url: string) => (await handler.query(new Request(url))) as Exclude<Awaited<ReturnType<typeof handler.query>>, Response>
    const first = staticServer.createStaticRouter(routes, await contextFor('http://localhost/cases/7'))
    const second = staticServer.createStaticRouter(routes, await contextFor('http://localhost/'))
    expect(second.routes).toBe(first.routes)
    expect(first.routes).toEqual(original.UNSAFE_convertRoutesToDataRoutes(routes, mapRouteProperties))
    expect(staticServer.createStaticRouter([...routes], await contextFor('http://localhost/')).routes).not.toBe(first.routes)
    const byId = (id: string) => [first.routes[0]!, ...first.routes[0]!.children!, first.routes[0]!.children![0]!.children![0]!].find((route) => route.id === id)
    for (const [router, ids, pathname] of [
      [first, ['root', 'cases', 'case'], '/cases/7'],
      [second, ['root', 'index'], '/'],
    ] as const) {
      expect(router.state.matches.map((match) => match.route.id)).toEqual(ids)
      for (const match of router.state.matches) expect(match.route).toBe(byId(match.route.id))
      expect(router.state.matches.at(-1)!.pathname).toBe(pathname)
      expect(router.state.location.pathname).toBe(pathname)
    }
  })

  test('RemixServer renders each request as with its route tree built anew, and builds it anew for other modules', async () => {
    const { Outlet, useLoaderData, useLocation, useMatches, Link } = remix
    const Root = () =>
      createElement('main', null, createElement('h1', null, useLocation().pathname), createElement('pre', null, JSON.stringify(useMatches().map((match) => [match.id, match.params, match.data]))), createElement(Link, { to: 'cases/2' }, 'two'), createElement(Outlet))
    const CaseFile = () => createElement('p', null, `case ${JSON.stringify(useLoaderData())}`)
    const Index = () => createElement('p', null, 'index')
    const entries = [
      { id: 'root', parentId: undefined, path: '', index: undefined, module: { default: Root } },
      { id: 'routes/cases.$caseId', parentId: 'root', path: 'cases/:caseId', index: undefined, module: { default: CaseFile } },
      { id: 'routes/_index', parentId: 'root', path: undefined, index: true, module: { default: Index } },
    ]
    const manifestRoutes = () =>
      Object.fromEntries(entries.map(({ module: _, ...route }) => [route.id, { ...route, caseSensitive: undefined, hasLoader: true, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: `/${route.id}.js`, imports: [] }]))
    const routeModules = () => Object.fromEntries(entries.map((route) => [route.id, route.module]))
    const handlerTree = (parentId?: string): RouteObject[] =>
      entries
        .filter((route) => route.parentId === parentId)
        .map((route) => ({ id: route.id, path: route.path, index: route.index, loader: ({ params }: { params: object }) => ({ route: route.id, params }), ...(route.index ? {} : { children: handlerTree(route.id) }) }) as RouteObject)
    const handler = staticServer.createStaticHandler(handlerTree() as Parameters<StaticServer['createStaticHandler']>[0])
    const future = { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_routeConfig: false, v3_singleFetch: false, v3_lazyRouteDiscovery: false, unstable_optimizeDeps: false }
    const render = async (url: string, routes: ReturnType<typeof manifestRoutes>, modules: ReturnType<typeof routeModules>) => {
      const staticHandlerContext = await handler.query(new Request(url))
      if (staticHandlerContext instanceof Response) throw new Error('unexpected response')
      const context = { manifest: { routes, entry: { module: '/entry.js', imports: [] }, url: '/manifest.js', version: '1' }, routeModules: modules, staticHandlerContext, future, isSpaMode: false, serializeError: (error: Error) => ({ message: error.message }), criticalCss: undefined, serverHandoffString: '{}' }
      return renderToString(createElement(remix.RemixServer, { context: context as unknown as Parameters<RemixReact['RemixServer']>[0]['context'], url }))
    }
    const kept = manifestRoutes()
    const urls = ['http://localhost/cases/1', 'http://localhost/', 'http://localhost/cases/%C3%BC?x=1', 'http://localhost/cases/1']
    const answers: string[] = []
    for (const url of urls) {
      const answer = await render(url, kept, routeModules())
      // a manifest object of its own: the tree is built anew, as without the patch
      expect(answer, url).toBe(await render(url, manifestRoutes(), routeModules()))
      answers.push(answer)
    }
    expect(answers[0]).toContain('case ')
    expect(answers[1]).toContain('<p>index</p>')
    expect(answers[3]).toBe(answers[0])
    // another module for a route (a rebuilt app with the same manifest object): rendered with the new one
    const modules = routeModules()
    modules['routes/_index'] = { default: () => createElement('p', null, 'other index') }
    expect(await render('http://localhost/', kept, modules)).toContain('<p>other index</p>')
    expect(await render('http://localhost/', kept, routeModules())).toBe(answers[1])
  })
})
