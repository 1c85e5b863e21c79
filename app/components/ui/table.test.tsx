import { renderToStaticMarkup, renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { type PrebuiltRows, Table } from './table.tsx'

describe('Table', () => {
  test('a caption, column headers with scope and the rows in a scroll container, a focusable region named by the caption', () => {
    const html = renderToStaticMarkup(
      <Table caption="Goals" columns={['Topic', { label: 'Days', className: 'num' }]}>
        <tr>
          <td>{'Housing'}</td>
          <td>3</td>
        </tr>
      </Table>,
    )
    const captionId = /<caption id="([^"]+)">/.exec(html)?.[1]
    expect(captionId).toBeTruthy()
    expect(html).toBe(
      `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${captionId}"><table><caption id="${captionId}">Goals</caption>` +
        '<thead><tr><th scope="col">Topic</th><th scope="col" class="num">Days</th></tr></thead>' +
        '<tbody><tr><td>Housing</td><td>3</td></tr></tbody></table></div>',
    )
  })

  test('a region named by a text or another element; a hidden caption stays for screen readers; totals go into tfoot', () => {
    const named = renderToStaticMarkup(
      <Table caption="Cases" hideCaption className="case-list" region={{ label: 'Cases' }} columns={['Code']} footer={<tr><td>1</td></tr>}>
        <tr>
          <td>{'A-1'}</td>
        </tr>
      </Table>,
    )
    expect(named).toContain('<div class="table-wrap" tabindex="0" role="region" aria-label="Cases"><table class="case-list"><caption id=')
    expect(named).toContain('class="visually-hidden">Cases</caption>')
    expect(named).toContain('<tfoot><tr><td>1</td></tr></tfoot>')
    const labelled = renderToStaticMarkup(
      <Table caption="Cases" region={{ labelledBy: 'cases-heading' }} columns={['Code']}>
        {null}
      </Table>,
    )
    expect(labelled).toContain('<div class="table-wrap" tabindex="0" role="region" aria-labelledby="cases-heading">')
  })

  test('a sortable column carries aria-sort; null is the empty corner cell above the row headers', () => {
    const html = renderToStaticMarkup(
      <Table caption="Workload" columns={[null, { label: 'Open', className: 'num', sort: 'descending' }, { label: 'Hours', className: 'num' }]}>
        {null}
      </Table>,
    )
    expect(html).toContain('<thead><tr><td></td><th scope="col" class="num" aria-sort="descending">Open</th><th scope="col" class="num">Hours</th></tr></thead>')
  })

  test('pre-built body rows go into the tbody as they are, with the footer after them', () => {
    const rows = '<tr><td class="code"><a data-discover="true" href="/cases/c1">A&amp;1</a></td></tr>'
    const html = renderToString(<Table caption="Queue" columns={['Code']} footer={<tr><td>1</td></tr>} body={{ html: rows as PrebuiltRows, onClick: () => undefined }} />)
    expect(html).toContain(`</thead><tbody>${rows}</tbody><tfoot><tr><td>1</td></tr></tfoot></table></div>`)
  })
})
