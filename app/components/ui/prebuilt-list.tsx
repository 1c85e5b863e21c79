import { type MouseEventHandler } from 'react'
import { type PrebuiltRows } from './table.tsx'

/**
 * An ordered list of pre-built entries (the case file's timeline, decision 080): the `<li>`s' markup
 * from a builder that escapes every value itself (`PrebuiltRows`, as `Table`'s body takes it), with
 * one click handler for the links in it (`useListClick`).
 */
export function PrebuiltList({ className, html, onClick }: { className?: string; html: PrebuiltRows; onClick?: MouseEventHandler<HTMLOListElement> }) {
  // Not a control: the handler only takes over clicks on the links inside (which the keyboard
  // reaches and activates as links; Enter on a link is a click), all else is left alone.
  // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
  return <ol className={className} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
}
