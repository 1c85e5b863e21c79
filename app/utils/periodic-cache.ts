/**
 * A query result kept for a while in this process: the organisation's most frequent countries and
 * languages (models/country-choices.server.ts, models/language-choices.server.ts) move slowly, and a
 * stale order for a few minutes costs nothing but one extra scroll. The promise is cached, so
 * parallel requests at expiry share one query; a failed query is forgotten and asked again.
 */
export function periodicCache<T>(query: () => Promise<T>, maxAgeMs: number) {
  let cached: { at: number; value: Promise<T> } | undefined
  return {
    get(now = Date.now()): Promise<T> {
      if (!cached || now - cached.at >= maxAgeMs) {
        const value = query()
        cached = { at: now, value }
        value.catch(() => {
          if (cached?.value === value) cached = undefined
        })
      }
      return cached.value
    },
    forget() {
      cached = undefined
    },
  }
}
