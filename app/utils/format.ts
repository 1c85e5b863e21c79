// Dates and numbers in the user's language (CONVENTIONS.md rule 9). Client-safe.
const locales: Record<string, string> = { de: 'de-DE', en: 'en-GB' }

export function formatDate(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  return new Intl.DateTimeFormat(locales[language] ?? 'de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(value))
}

export function formatDateTime(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  return new Intl.DateTimeFormat(locales[language] ?? 'de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(value))
}

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locales[language] ?? 'de-DE', options).format(value)
}
