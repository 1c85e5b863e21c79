import { Component, type RefObject, type SelectHTMLAttributes } from 'react'
import { type EncodedMarkup } from './option-list.ts'

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'dangerouslySetInnerHTML' | 'children'> & {
  /** the options as one string of markup (`selectMarkup`, `shortOptionsHtml`; on the server a long list's encoded bytes): decisions 185 and 191 */
  html: string | EncodedMarkup
  selectRef?: RefObject<HTMLSelectElement>
}

/**
 * A select whose options are one string of markup instead of React elements. When that string changes
 * in the browser — a language switch renders the labels anew, a revalidation the marked choice — React
 * replaces every option, and the browser then selects what the new markup marks: the saved value, not
 * what the person chose and has not saved yet. React keeps that choice for option elements; so does this
 * select: the choice is read just before the options are replaced (`getSnapshotBeforeUpdate`) and given
 * back to the options of the same values right after (session 26's review: a choice in the master-data
 * form was lost by switching the language). A value the new options lack stays unchosen. On the server
 * and while hydrating nothing changes: the markup's own marks count.
 */
export class MarkupSelect extends Component<Props> {
  private readonly own: RefObject<HTMLSelectElement> = { current: null }

  private get select() {
    return (this.props.selectRef ?? this.own).current
  }

  getSnapshotBeforeUpdate(previous: Props): string[] | null {
    const select = this.select
    if (!select || previous.html === this.props.html) return null
    return Array.from(select.selectedOptions, (option) => option.value)
  }

  componentDidUpdate(_previous: Props, _state: unknown, chosen: string[] | null) {
    const select = this.select
    if (!select || !chosen) return
    const values = new Set(chosen)
    for (const option of Array.from(select.options)) option.selected = values.has(option.value)
  }

  render() {
    const { html, selectRef, ...props } = this.props
    return <select ref={selectRef ?? this.own} {...props} dangerouslySetInnerHTML={{ __html: html }} />
  }
}
