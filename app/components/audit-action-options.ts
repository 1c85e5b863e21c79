// The audit log's action filter: every action the code writes (AUDIT_ACTIONS, kept complete by its
// test) — not the actions found in the log, whose GROUP BY read a million events on every view
// (≈ 330 ms) — in the page's language, sorted by label.
//
// Made where the page renders, on the server and again in the browser, from the bundled locale
// resources both have: 136 choices were ≈ 8 kB of the page's loader data, sent once more for
// hydration (issue 19, session 12). Translating and sorting them took ≈ 1–2 ms, so each language's
// list is made once per process (the resources do not change while it runs).
import { AUDIT_ACTIONS, auditActionKey } from '#app/domain/audit-actions.ts'

type Translate = (key: string, options: { defaultValue: string }) => string

const optionsByLanguage = new Map<string, ReadonlyArray<{ value: string; label: string }>>()

/** The action filter's choices in `language`; `t` translates in the `privacy` namespace. */
export function auditActionOptions(language: string, t: Translate): ReadonlyArray<{ value: string; label: string }> {
  let options = optionsByLanguage.get(language)
  if (!options) {
    const collator = new Intl.Collator(language)
    options = AUDIT_ACTIONS.map((action) => ({ value: action, label: t(auditActionKey(action), { defaultValue: action }) })).sort((a, b) =>
      collator.compare(a.label, b.label),
    )
    optionsByLanguage.set(language, options)
  }
  return options
}
