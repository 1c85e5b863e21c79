/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler (docs/decisions/001-remix-classic-compiler.md).
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  serverDependenciesToBundle: [/^remix-i18next/, /^remix-utils/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // false on purpose (decision 051): the whole route manifest once, cached, instead of matching
    // every parent path on each page and inlining a partial manifest into it. Set, so the build does not warn.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
}
