// The case timeline's texts, remembered across views on the server (issue 19, docs/performance.md
// "Master-data form, contact form and case file (2026-12-07, session 25)"). A timeline of 33–50
// entries asks `t` 150–250 times a view — each kind's badge, each contact's "Kontakt, 45 Minuten,
// Telefon", "von <name>", each status change — of them 50–70 different texts. `translateOnce` (one
// per render) answered the repeats, but asked i18next for every text anew in every view (the shared
// instance's wrappers copy the options and build the text's id: ≈ 0.2 ms a case file view), and built
// a string key of the text's key and options for every call (the busiest case file: 0.19 ms and 60 kB
// a view). Here the answers are kept in a tree of Maps — the key, then each option's name and value
// in the order given — looked up without building a string, and on the server for the language's
// life: the same key with the same option values in one language and namespace is always the same
// text (the translations are bundled, fixed at build time, and a shared instance never changes its
// language; app/utils/i18n.server.ts relies on the same). Nothing to invalidate: every input of the
// text is part of its place in the tree, so a changed name or label is a new place, not a stale one.
// Client-safe: in the browser a namespace may still be loading (i18next then answers the key itself),
// so there each call of `rememberedTexts` starts an empty tree, as `translateOnce` does per render.
import { type Translate } from '#app/utils/translate-once.ts'

/** A place in the tree: the text of the path to it (when asked), and the places below it. */
type Node = { text: string | undefined; next: Map<unknown, Node> | undefined }

type Tree = { root: Node; size: number }

/**
 * The most texts a language's tree keeps on the server. The timeline's texts are its labels and its
 * lines with values (minutes and mode, a colleague's name, a status change, a partner's name): a few
 * thousand at most in a large organisation. A full tree is dropped at the next view, which starts a
 * new one: a process keeps at most this many per language and namespace, and one view's new texts.
 */
export const REMEMBERED_TEXTS_LIMIT = 5000

const trees = new Map<string, Tree>()

const newNode = (): Node => ({ text: undefined, next: undefined })

// Below a key, the branch of its calls with options (even none: `t(key, {})` is asked as given).
const WITH_OPTIONS = Symbol('options')

function child(node: Node, key: unknown): Node {
  let next = node.next
  if (next === undefined) node.next = next = new Map()
  let found = next.get(key)
  if (found === undefined) next.set(key, (found = newNode()))
  return found
}

type Remembered = { t: Translate; tree: Tree }

/**
 * `t` with its answers remembered: on the server for every view in `language` and `namespace` (one
 * tree each), in the browser for this call's renders only. `t` must answer in `language` and
 * `namespace` (the component's `useTranslation(namespace)`). Calls with an option value that is
 * not a string, number, boolean, null or undefined are passed through, not remembered.
 */
export function rememberedTexts(t: Translate, language: string, namespace: string): Translate {
  let tree: Tree
  if (typeof document === 'undefined') {
    const id = `${language}\u0000${namespace}`
    const kept = trees.get(id)
    if (kept === undefined || kept.size >= REMEMBERED_TEXTS_LIMIT)
      trees.set(id, (tree = { root: newNode(), size: 0 }))
    else tree = kept
  } else {
    tree = { root: newNode(), size: 0 }
  }
  return answer.bind({ t, tree } satisfies Remembered) as Translate
}

// A bound module-level function, not a closure per render: V8 keeps a module-level function's
// optimised code across full collections (decision 137).
function answer(this: Remembered, key: string, options?: Record<string, unknown>): string {
  const { t, tree } = this
  let node = child(tree.root, key)
  if (options !== undefined) {
    // Every value checked before any place is made: a call passed through must leave nothing in the
    // tree, or places that hold no text (and so never count towards the limit) would pile up (review of
    // session 25).
    for (const name in options) if (!keptValue(options[name])) return t(key, options)
    node = child(node, WITH_OPTIONS)
    for (const name in options) node = child(child(node, name), options[name])
  }
  let text = node.text
  if (text === undefined) {
    text = t(key, options)
    node.text = text
    tree.size++
  }
  return text
}

function keptValue(value: unknown) {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

/** For tests: how many places (texts and the places on the way to them) the server's tree holds. */
export function rememberedPlacesCount(language: string, namespace: string): number {
  const tree = trees.get(`${language}\u0000${namespace}`)
  return tree === undefined ? 0 : placesBelow(tree.root)
}

function placesBelow(node: Node): number {
  let count = 0
  if (node.next !== undefined) for (const found of node.next.values()) count += 1 + placesBelow(found)
  return count
}

/** For tests: how many texts the server keeps for a language and namespace. */
export function rememberedTextsCount(language: string, namespace: string): number {
  return trees.get(`${language}\u0000${namespace}`)?.size ?? 0
}

/** For tests: forgets every server tree. */
export function forgetRememberedTexts() {
  trees.clear()
}
