import { type ReactNode } from 'react'
import { type Block, type Inline } from '#app/domain/template-markup.ts'

function inline(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.text
      case 'strong':
        return <strong key={index}>{inline(node.children)}</strong>
      case 'em':
        return <em key={index}>{inline(node.children)}</em>
      // A filled-in value (a German name, a date, free text) is isolated so that right-to-left text
      // around it cannot reorder its characters, and it cannot reorder the text around it.
      case 'value':
        return (
          <bdi key={index} className="template-value">
            {node.text}
          </bdi>
        )
      case 'placeholder':
        return (
          <code key={index} className="template-placeholder">
            {`{{${node.name}}}`}
          </code>
        )
    }
  })
}

/**
 * A template rendered as React elements from the parsed blocks (app/domain/template-markup.ts): text
 * is text, whatever it contains. Template headings sit below the page's own heading level.
 */
export function TemplateText({ blocks, headingLevel = 3 }: { blocks: readonly Block[]; headingLevel?: 3 | 4 }) {
  return (
    <>
      {blocks.map((block, index) => {
        if (block.type === 'list') {
          const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{inline(item)}</li>)
          return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>
        }
        if (block.type === 'heading') {
          const Heading = block.level <= 1 && headingLevel === 3 ? 'h3' : 'h4'
          return <Heading key={index}>{inline(block.children)}</Heading>
        }
        return <p key={index}>{inline(block.children)}</p>
      })}
    </>
  )
}
