// The app's routes as Remix sees them (same config, same flat-routes convention), so tests can cover
// every route without a hand-kept list.
import path from 'node:path'

export type ManifestRoute = {
  id: string
  /** file below app/ */
  file: string
  /** the URL pattern, e.g. /cases/:caseId/contacts/:contactId */
  path: string
  params: string[]
}

type RemixRoute = { id: string; file: string; path?: string; parentId?: string; index?: boolean }

export async function loadManifest(): Promise<ManifestRoute[]> {
  const { readConfig } = (await import('@remix-run/dev/dist/config.js')) as {
    readConfig: (root: string) => Promise<{ routes: Record<string, RemixRoute> }>
  }
  const { routes } = await readConfig(process.cwd())
  const fullPath = (route: RemixRoute): string => {
    const parent = route.parentId ? fullPath(routes[route.parentId]!) : ''
    const own = route.path ?? ''
    return own ? `${parent.replace(/\/$/, '')}/${own}` : parent || '/'
  }
  return Object.values(routes)
    .map((route) => {
      const url = fullPath(route)
      return { id: route.id, file: route.file, path: url, params: [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!).concat(url.endsWith('*') ? ['*'] : []) }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}

export type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>
  action?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>
}

export async function importRoute(route: ManifestRoute): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.resolve('app', route.file))) as RouteModule
}

/** Fills the URL pattern with the given params. */
export function urlFor(route: ManifestRoute, params: Record<string, string>) {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'missing')).replace(/\*$/, params['*'] ?? '')
}
