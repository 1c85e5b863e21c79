// Relative days as people say them (decision 029): "seit heute", "seit gestern", "seit 3 Tagen" —
// never "seit 0 Tagen". Client-safe; the count comes from calendarDaysSince (office calendar days).
import { type Translate } from './translate-once.ts'

export function sinceDays(t: Translate, days: number): string {
  if (days <= 0) return t('common:since.today')
  if (days === 1) return t('common:since.yesterday')
  return t('common:since.days', { count: days })
}
