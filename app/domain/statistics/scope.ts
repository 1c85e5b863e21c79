// What a statistics page or export is about: a year and a scope (organisation or team, optionally
// one programme — PRODUCT.md §8), and the key under which a frozen year stores each scope.

export type StatisticsScope = { teamId: string | null; programme: string | null }

/** Who froze a year and when, as shown with its figures. */
export type FrozenInfo = { at: string; byName: string | null }

/** The earliest year a page or export may ask for. */
export const FIRST_YEAR = 2000

export function scopeKey(scope: StatisticsScope) {
  const base = scope.teamId ? `team:${scope.teamId}` : 'org'
  return scope.programme ? `${base}|programme:${scope.programme}` : base
}
