// What the pre-built rows and entries of long lists have in common (decision 072: /team; decision 080: the case
// file's timeline and the start page's follow-ups; decisions 078 and 079: the case list, referrals and
// language mediation): texts and attributes escaped as React escapes them, and adjacent texts separated
// as React's server rendering separates them. Client-safe.
import { escapeHtml } from './ui/option-list.ts'

/**
 * Adjacent texts as React's server rendering writes them: escaped, empty ones left out (React writes
 * nothing for an empty text), `<!-- -->` between two that follow each other without an element between.
 */
export function texts(...parts: string[]): string {
  let html = ''
  for (const part of parts) {
    if (part === '') continue
    html += html === '' ? escapeHtml(part) : `<!-- -->${escapeHtml(part)}`
  }
  return html
}

export { escapeHtml }
