import { Component, type RefObject, type SelectHTMLAttributes } from 'react'
import { type EncodedMarkup } from './option-list.ts'

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'dangerouslySetInnerHTML' | 'children'> & {
  /** the options as one string of markup (`selectMarkup`, `shortOptionsHtml`; on the server a long list's encoded bytes): decisions 185 and 191 */
  html: string | EncodedMarkup
  selectRef?: RefObject<HTMLSelectElement>
}

type Snapshot = { chosen: string[]; marked: string }

/** The values the select's markup marks (` selected=""`), sorted (a language switch may reorder the options), as one text to compare. */
function markedValues(select: HTMLSelectElement) {
  const marked: string[] = []
  for (const option of Array.from(select.options)) if (option.defaultSelected) marked.push(option.value)
  return marked.sort().join('\n')
}

/**
 * A select whose options are one string of markup instead of React elements. When that string changes
 * in the browser — a language switch renders the labels anew, a revalidation the marked choice — React
 * replaces every option, and the browser then selects what the new markup marks: the saved value, not
 * what the person chose and has not saved yet. React keeps that choice for option elements; so does this
 * select: the choice is read just before the options are replaced (`getSnapshotBeforeUpdate`) and given
 * back to the options of the same values right after (session 26's review: a choice in the master-data
 * form was lost by switching the language). A value the new options lack stays unchosen. Only when the new
 * markup marks the same values as the old one: when it marks others — a filter form's "Zurücksetzen" or Back
 * (the address's values), another record's form — the new marks count, as they did before (session 26's
 * second review: the audit log's 136 actions kept a reset filter). On the server and while hydrating nothing
 * changes: the markup's own marks count.
 */
export class MarkupSelect extends Component<Props> {
  private readonly own: RefObject<HTMLSelectElement> = { current: null }

  private get select() {
    return (this.props.selectRef ?? this.own).current
  }

  getSnapshotBeforeUpdate(previous: Props): Snapshot | null {
    const select = this.select
    if (!select || previous.html === this.props.html) return null
    return {
      chosen: Array.from(select.selectedOptions, (option) => option.value),
      marked: markedValues(select),
    }
  }

  componentDidUpdate(_previous: Props, _state: unknown, snapshot: Snapshot | null) {
    const select = this.select
    if (!select || !snapshot || markedValues(select) !== snapshot.marked) return
    const values = new Set(snapshot.chosen)
    for (const option of Array.from(select.options)) option.selected = values.has(option.value)
  }

  render() {
    const { html, selectRef, ...props } = this.props
    return <select ref={selectRef ?? this.own} {...props} dangerouslySetInnerHTML={{ __html: html }} />
  }
}
