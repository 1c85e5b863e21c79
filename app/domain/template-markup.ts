// The small Markdown subset of consent and privacy templates (decision 025): paragraphs, headings,
// bullet and numbered lists, **strong** and *emphasis*, {{placeholders}}. Parsed by markdown-it with
// every other rule switched off and HTML off, so `<b>` or a link in a template stays visible text.
// The result is plain data (JSON-safe for loaders) that components render as React elements: no
// template text ever reaches the page as HTML.
import MarkdownIt from 'markdown-it'
import { allowedPlaceholders, PLACEHOLDERS, requiredPlaceholders, type Placeholder, type TemplateKind } from './consent-templates.ts'

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'placeholder'; name: string }
  /** a filled-in value: isolated for bidirectional text (numbers, German names inside Arabic) */
  | { type: 'value'; text: string }

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }

const markdown = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable([
  'heading',
  'list',
  'paragraph',
  'emphasis',
  'newline',
  'escape',
])

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g

function splitPlaceholders(text: string): Inline[] {
  const parts: Inline[] = []
  let last = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ type: 'text', text: text.slice(last, match.index) })
    parts.push({ type: 'placeholder', name: match[1] ?? '' })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) })
  return parts
}

type InlineToken = { type: string; content: string }

function inlineFrom(tokens: readonly InlineToken[]): Inline[] {
  const root: Inline[] = []
  const stack: Inline[][] = [root]
  const top = () => stack[stack.length - 1]!
  let text = ''
  const flush = () => {
    if (text) top().push(...splitPlaceholders(text))
    text = ''
  }
  for (const token of tokens) {
    if (token.type === 'text') text += token.content
    // A line break inside a paragraph is a space, as in any Markdown: translators may wrap lines.
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' '
    else if (token.type === 'strong_open' || token.type === 'em_open') {
      flush()
      const children: Inline[] = []
      top().push({ type: token.type === 'strong_open' ? 'strong' : 'em', children })
      stack.push(children)
    } else if (token.type === 'strong_close' || token.type === 'em_close') {
      flush()
      if (stack.length > 1) stack.pop()
    }
  }
  flush()
  return root
}

/** Parses a template body. Total: any text parses; what is not in the subset stays text. */
export function parseTemplate(source: string): Block[] {
  const tokens = markdown.parse(source.replace(/\r\n?/g, '\n'), {})
  const blocks: Block[] = []
  let list: Extract<Block, { type: 'list' }> | null = null
  let listDepth = 0
  let heading: number | null = null
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        // Nested lists are flattened into the outer one: printed texts need one level only.
        if (listDepth === 0) {
          list = { type: 'list', ordered: token.type === 'ordered_list_open', items: [] }
          blocks.push(list)
        }
        listDepth += 1
        break
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth -= 1
        if (listDepth === 0) list = null
        break
      case 'heading_open':
        heading = Number(token.tag.slice(1))
        break
      case 'heading_close':
        heading = null
        break
      case 'inline': {
        const children = inlineFrom(token.children ?? [])
        if (heading !== null) blocks.push({ type: 'heading', level: heading, children })
        else if (list) list.items.push(children)
        else blocks.push({ type: 'paragraph', children })
        break
      }
    }
  }
  return blocks
}

function eachInline(blocks: readonly Block[], visit: (node: Inline) => void) {
  const walk = (nodes: readonly Inline[]) => {
    for (const node of nodes) {
      visit(node)
      if (node.type === 'strong' || node.type === 'em') walk(node.children)
    }
  }
  for (const block of blocks) {
    if (block.type === 'list') block.items.forEach(walk)
    else walk(block.children)
  }
}

export function placeholdersIn(blocks: readonly Block[]): string[] {
  const names: string[] = []
  eachInline(blocks, (node) => {
    if (node.type === 'placeholder' && !names.includes(node.name)) names.push(node.name)
  })
  return names
}

export type TemplateProblem =
  | { problem: 'empty' }
  | { problem: 'unknownPlaceholder'; name: string }
  | { problem: 'notAllowedPlaceholder'; name: string }
  | { problem: 'missingPlaceholder'; name: string }
  | { problem: 'unclosedPlaceholder' }

/** Why a template body cannot be saved for this kind; an empty list when it can. */
export function templateProblems(kind: TemplateKind, source: string): TemplateProblem[] {
  if (!source.trim()) return [{ problem: 'empty' }]
  const problems: TemplateProblem[] = []
  const blocks = parseTemplate(source)
  const used = placeholdersIn(blocks)
  const allowed = allowedPlaceholders(kind)
  for (const name of used) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) problems.push({ problem: 'unknownPlaceholder', name })
    else if (!allowed.includes(name as Placeholder)) problems.push({ problem: 'notAllowedPlaceholder', name })
  }
  for (const name of requiredPlaceholders(kind)) {
    if (!used.includes(name)) problems.push({ problem: 'missingPlaceholder', name })
  }
  // Braces left over after the placeholders are taken out: "{{recipient" or "purpose}}".
  let unclosed = false
  eachInline(blocks, (node) => {
    if (node.type === 'text' && (node.text.includes('{{') || node.text.includes('}}'))) unclosed = true
  })
  if (unclosed) problems.push({ problem: 'unclosedPlaceholder' })
  return problems
}

/** Replaces every placeholder by its value (as isolated text); a placeholder without a value stays visible. */
export function fillTemplate(blocks: readonly Block[], values: Partial<Record<string, string>>): Block[] {
  const fill = (nodes: readonly Inline[]): Inline[] =>
    nodes.map((node) => {
      if (node.type === 'placeholder') {
        const value = values[node.name]
        return value === undefined ? node : { type: 'value', text: value }
      }
      if (node.type === 'strong' || node.type === 'em') return { ...node, children: fill(node.children) }
      return node
    })
  return blocks.map((block) =>
    block.type === 'list' ? { ...block, items: block.items.map(fill) } : { ...block, children: fill(block.children) },
  )
}

/** Every character a printed text shows (for the font-coverage checks). */
export function plainText(blocks: readonly Block[]): string {
  let text = ''
  eachInline(blocks, (node) => {
    if (node.type === 'text' || node.type === 'value') text += node.text
    if (node.type === 'placeholder') text += `{{${node.name}}}`
  })
  return text
}
