// axe-core on the page as it is, in one call: the engine is loaded into the page once (it stays for
// client-side navigations, and `installAxe` brings it with every new document) and `axe.run` checks
// the document in place. @axe-core/playwright's
// default runs axe per frame and then again in a second, blank page, and its legacy mode loads the
// engine twice per run: 2 to 5 times the work per check, which made axe the first thing to time out
// on a loaded machine (decision 037). This app renders no frames.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import type { AxeResults, RunOptions } from 'axe-core'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA (PRODUCT.md: WCAG 2.1 AA / BITV 2.0, plus 2.2 AA). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * axe leaves its rules tagged "experimental" out even when their WCAG tag is asked for. This one
 * checks WCAG 2.5.3 (label in name, level A: a link's accessible name contains its visible text),
 * which the /team workload figures failed (issue 16).
 */
const EXPERIMENTAL_WCAG_RULES: RunOptions['rules'] = { 'label-content-name-mismatch': { enabled: true } }

let engine: string | undefined
function axeSource() {
  engine ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  return engine
}

/**
 * For a page that runs axe on document after document (the accessibility sweep): the engine is
 * handed to the browser once and runs as each new document starts, instead of being sent over the
 * protocol (564 KB) and evaluated after every navigation. Every document of the page then carries
 * the engine, checked or not: for pages whose tests check one or two documents, `axeViolations`
 * alone (which loads it on demand) is cheaper. Sweep test, one worker: −15 % CPU of the whole run
 * with the single viewport change per page (docs/performance.md, "Test suite", session 11).
 */
export async function installAxe(page: Page) {
  await page.addInitScript({ content: axeSource() })
}

type AxeWindow = { axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> } }

/** The page's axe violations as readable lines ("rule: selector, selector"), none when accessible. */
export async function axeViolations(page: Page) {
  // The run's cost grows with the size of the page (≈ 2,800 elements for a form with every language).
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length)
  extendBudget(STEP_QUIET_MS.axeRun + elements * STEP_QUIET_MS.axePerElement)
  if (!(await page.evaluate(() => Boolean((window as AxeWindow).axe)))) await page.evaluate(axeSource())
  const options: RunOptions = {
    runOnly: { type: 'tag', values: AXE_TAGS },
    rules: EXPERIMENTAL_WCAG_RULES,
    resultTypes: ['violations'],
    // axe preloads the page's style sheets (a copy of every rule in a new document) before each run by
    // default, for the one rule that reads them: css-orientation-lock, experimental and so not run here.
    // The media it preloads for no-autoplay-audio (a WCAG 2.0 A rule) it still does. The same violations,
    // 3–5 % less time per run (docs/performance.md, "Test suite", session 21); a rule that needs the
    // style sheets, once enabled, needs 'cssom' back here.
    preload: { assets: ['media'] },
  }
  const results = await page.evaluate((runOptions) => (window as AxeWindow).axe!.run(document, runOptions), options)
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}
