/**
 * A query result kept for a while in this process: the organisation's most frequent countries and
 * languages (models/country-choices.server.ts, models/language-choices.server.ts) move slowly, and a
 * stale order for a few minutes costs nothing but one extra scroll. The first promise is cached,
 * so parallel first requests share one query (a failed first query is forgotten). After expiry
 * the old result is served while the new one is read, so only the process's very first form waits;
 * a failed recount keeps the old result until the next expiry.
 */
export function periodicCache<T>(query: () => Promise<T>, maxAgeMs: number) {
  let cached: { at: number; value: Promise<T> } | undefined
  return {
    get(now = Date.now()): Promise<T> {
      if (!cached) {
        const value = query()
        cached = { at: now, value }
        value.catch(() => {
          if (cached?.value === value) cached = undefined
        })
      } else if (now - cached.at >= maxAgeMs) {
        const stale = cached
        stale.at = now
        query().then(
          (fresh) => {
            if (cached === stale) cached = { at: now, value: Promise.resolve(fresh) }
          },
          () => undefined,
        )
        return stale.value
      }
      return cached.value
    },
    forget() {
      cached = undefined
    },
  }
}
