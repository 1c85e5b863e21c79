// Reflow (WCAG 1.4.10): at 320 CSS px, or 1280 px at 400 % zoom, a page scrolls in one direction
// only; a table that needs more room scrolls inside its own container, which keyboard users can
// reach and screen readers name.
import type { Page } from '@playwright/test'

/** Problems on the current page: page-level horizontal scrolling, unreachable table scrollers, captions cut by them. */
export async function reflowProblems(page: Page, width: number) {
  return page.evaluate((width) => {
    const problems: string[] = []
    const doc = document.documentElement
    if (doc.scrollWidth > width + 1) {
      // the outermost elements that stick out: their parent still fits
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter(
          (el) =>
            el.getBoundingClientRect().right > width + 1 &&
            (el.parentElement?.getBoundingClientRect().right ?? 0) <= width + 1,
        )
        .filter((el) => !el.parentElement?.closest('.table-wrap'))
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} in ${el.parentElement?.tagName.toLowerCase()}.${[...(el.parentElement?.classList ?? [])].join('.')}`,
        )
      problems.push(`page scrolls horizontally (${doc.scrollWidth} px): ${wide.join(', ')}`)
    }
    for (const wrap of document.querySelectorAll<HTMLElement>('.table-wrap')) {
      if (wrap.scrollWidth <= wrap.clientWidth + 1) continue
      const named = wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby')
      if (wrap.tabIndex !== 0 || !named)
        problems.push(
          `scrolling table not keyboard-reachable: ${wrap.querySelector('caption')?.textContent ?? wrap.outerHTML.slice(0, 60)}`,
        )
      // its visible caption is read where it stands: within the scroller's box, not along the table's width
      const caption = wrap.querySelector('caption:not(.visually-hidden)')
      const box = wrap.getBoundingClientRect()
      if (caption && caption.getBoundingClientRect().right > box.right + 1)
        problems.push(`caption cut at the edge of its scrolling table: ${caption.textContent}`)
    }
    return problems
  }, width)
}
