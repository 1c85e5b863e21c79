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
    for (const wrap of document.querySelectorAll<HTMLElement>('.table-wrap')) {
      // The scroller is a size container for its caption's width (app.css): the containment must not change
      // its own width, which a block's content does not decide (it would in a shrink-to-fit box).
      const contained = wrap.getBoundingClientRect().width
      wrap.style.containerType = 'normal'
      const uncontained = wrap.getBoundingClientRect().width
      wrap.style.containerType = ''
      if (Math.abs(contained - uncontained) > 1)
        problems.push(
          `scrolling table ${contained} px wide as a container, ${uncontained} px without: ${wrap.querySelector('caption')?.textContent ?? ''}`,
        )
      // The same table in a scroller narrower than the screen (a column, a card): its caption wraps within
      // that scroller too, not within the screen's width (session 24). A copy, in a box a third as wide, is
      // measured and removed again.
      if (!wrap.querySelector('caption:not(.visually-hidden)')) continue
      const narrow = document.createElement('div')
      narrow.style.width = `${Math.max(120, Math.round(wrap.clientWidth / 3))}px`
      const copy = wrap.cloneNode(true) as HTMLElement
      for (const element of [copy, ...copy.querySelectorAll('[id]')]) element.removeAttribute('id')
      narrow.append(copy)
      wrap.after(narrow)
      const copied = copy.querySelector('caption:not(.visually-hidden)')!
      if (copied.getBoundingClientRect().right > copy.getBoundingClientRect().right + 1)
        problems.push(
          `caption cut at the edge of a scrolling table narrower than the screen: ${copied.textContent}`,
        )
      narrow.remove()
    }
    return problems
  }, width)
}
