// Relative days as people say them (decision 029): "seit heute", "seit gestern", "seit 3 Tagen" —
// never "seit 0 Tagen". Client-safe; the count comes from calendarDaysSince (office calendar days).
import { translateCount, type Translate } from './translate-once.ts'

export function sinceDays(t: Translate, days: number): string {
  if (days <= 0) return t('common:since.today')
  if (days === 1) return t('common:since.yesterday')
  return t('common:since.days', { count: days })
}

/**
 * `sinceDays` for a list: the same texts, the plural form of "seit N Tagen" asked of i18next once per
 * form and list instead of once per row (`translateCount`). `language` is the language of `t`.
 */
export function sinceDaysEach(t: Translate, language: string): (days: number) => string {
  // a module-level function bound to the list's state, not an arrow made per call: V8 keeps its optimised code
  // across full collections (decision 137)
  return sinceDaysWith.bind(null, t, translateCount(t, 'common:since.days', language))
}

function sinceDaysWith(t: Translate, days: (count: number) => string, count: number) {
  return count <= 1 ? sinceDays(t, count) : days(count)
}
