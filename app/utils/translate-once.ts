// Lists render the same few labels many times: the case timeline's 50 lines ask for the kind's
// badge, the contact mode, "Kontakt öffnen" and "von <name>" again and again, the start page's
// follow-ups "Erledigt" and the source per row. One i18next `t()` costs ≈ 20–40 µs on the server
// (key parsing, namespace and plural look-ups, interpolation), a third of the case file's rendering
// (issue 19, docs/performance.md). Client-safe.

export type Translate = (key: string, options?: Record<string, unknown>) => string

/**
 * `t`, answering each key with the same options only once: later calls return the first answer.
 * The same key with the same options gives the same text for one `t` (one language, one
 * namespace), so the output is unchanged. Create one per render (`useMemo` on `t`), not per module:
 * the cache then ends with the render and follows a change of language. Options whose values are
 * not strings, numbers, booleans, null or undefined (objects, functions) are passed through
 * uncached.
 */
export function translateOnce(t: Translate): Translate {
  // Bound module-level functions rather than closures made per render, here and below: V8 holds the
  // optimised code of a closure made per request only weakly and drops it at each full collection
  // (decision 137).
  return translateRemembered.bind({ t, answers: new Map<string, string>() }) as Translate
}

function translateRemembered(this: { t: Translate; answers: Map<string, string> }, key: string, options?: Record<string, unknown>) {
  const { t, answers } = this
  const id = options === undefined ? key : cacheKey(key, options)
  if (id === null) return t(key, options)
  let text = answers.get(id)
  if (text === undefined) {
    text = t(key, options)
    answers.set(id, text)
  }
  return text
}

// The key, then each option as name, type, length and value: control characters that no key or
// option name contains separate them, and the length keeps a value from reading as further options.
function cacheKey(key: string, options: Record<string, unknown>): string | null {
  let id = key
  for (const name in options) {
    const value = options[name]
    if (value === null) id += `\u0000${name}\u0001null`
    else if (value === undefined) id += `\u0000${name}\u0001undefined`
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value)
      id += `\u0000${name}\u0001${typeof value}\u0001${text.length}\u0001${text}`
    } else return null
  }
  return id
}

/**
 * A label with one value that changes per row ("Fall {{code}} auswählen"), for a list: `t` is asked
 * once with a marker for the value, and each row's text is that answer with the row's value put in —
 * a split and a join instead of an i18next `t()` per row. The same text as `t(key, { [name]: value })`:
 * our i18next does not escape values (React does, `escapeValue: false`) and does not read a value as
 * a template or a nesting (`skipOnVariables`, i18next's default). Only for a key without plural or
 * context (those look at the options themselves).
 */
export function translateEach(t: Translate, key: string, name: string): (value: string) => string {
  const parts = t(key, { [name]: VALUE_MARKER }).split(VALUE_MARKER)
  return joinParts.bind(parts) as (value: string) => string
}

function joinParts(this: string[], value: string) {
  return this.join(value)
}

// A character no translation and no value shown in a list contains.
export const VALUE_MARKER = '\u0000'

// An `Intl.PluralRules` is immutable and costs more to make than to ask (ICU's rules of the
// language are looked up for each new one): one per language, made on first use.
const pluralRulesOf = new Map<string, Intl.PluralRules>()
function pluralRules(language: string) {
  let rules = pluralRulesOf.get(language)
  if (rules === undefined) pluralRulesOf.set(language, (rules = new Intl.PluralRules(language)))
  return rules
}

/**
 * A label with a count that changes per row ("seit 1006 Tagen"), for a list: i18next picks the
 * plural form (`_one`, `_other`, …) from the count and writes the count in; here each form is asked
 * of i18next once, with a marker for the count, and each row's text is that answer with the count
 * put in (as `translateEach`). The first count of each form is also asked of i18next itself, and a
 * form whose answers differ (a missing form, a formatted count) is asked of i18next for every row.
 * A form found equal is remembered for the process (the language, the key and the marker answer):
 * later renders ask i18next only for the marker answer (one call per form and render: a call with
 * `count` is i18next's own, neither remembered nor filled in by the shared instances).
 * Zero, negative and fractional counts always go to i18next (its `_zero` form, its own rules).
 * `language` is the language `t` answers in (for `Intl.PluralRules`, as i18next selects).
 */
export function translateCount(t: Translate, key: string, language: string): (count: number) => string {
  const state: CountedLabel = { t, key, language, rules: pluralRules(language), forms: new Map() }
  return translateCounted.bind(state) as (count: number) => string
}

type CountedLabel = {
  t: Translate
  key: string
  language: string
  rules: Intl.PluralRules
  forms: Map<string, string[] | null>
}

function translateCounted(this: CountedLabel, count: number) {
  const { t, key, language, forms } = this
  if (!Number.isInteger(count) || count <= 0) return t(key, { count })
  const form = this.rules.select(count)
  let parts = forms.get(form)
  if (parts === undefined) {
    // A string count skips i18next's plural handling: the form is named in the key.
    const answer = t(`${key}_${form}`, { count: VALUE_MARKER })
    const candidate = answer.split(VALUE_MARKER)
    // The same answer of the same key and form in the same language was compared with i18next's
    // own text in an earlier render (the resources never change while the process runs).
    const checked = `${language}\u0000${key}\u0000${form}\u0000${answer}`
    if (countFormsChecked.has(checked)) {
      forms.set(form, candidate)
      return candidate.join(String(count))
    }
    const text = t(key, { count })
    parts = candidate.join(String(count)) === text ? candidate : null
    if (parts !== null && countFormsChecked.size < COUNT_FORMS_CHECKED_LIMIT) countFormsChecked.add(checked)
    forms.set(form, parts)
    return text
  }
  return parts === null ? t(key, { count }) : parts.join(String(count))
}

// The plural forms whose marker answer gave i18next's own text for a count of that form: language,
// key, form and the answer itself — at most a few per counted label (the lists' labels are constant
// keys), bounded should a key ever be built from data.
const countFormsChecked = new Set<string>()
const COUNT_FORMS_CHECKED_LIMIT = 1000
