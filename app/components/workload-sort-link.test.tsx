import { Link, useLocation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { describe, expect, test } from 'vitest'
import { renderInRouter } from '#tests/render-in-router.tsx'
import { translateEach } from '#app/utils/translate-once.ts'
import { workloadSortLink } from './workload-sort-link.tsx'

// The former header link of /team's workload, as it was until decision 085.
function ReferenceSortLink({
  column,
  label,
  sort,
  direction,
}: {
  column: string
  label: string
  sort: string
  direction: string
}) {
  const { t } = useTranslation('team')
  const [params] = useSearchParams()
  const active = sort === column
  const next = new URLSearchParams(params)
  next.set('sort', column)
  next.set('dir', active && direction === 'asc' ? 'desc' : 'asc')
  return (
    <>
      <Link to={`?${next}#workload`} preventScrollReset>
        {label}
        <span className="visually-hidden"> — {t('workload.sortBy', { column: label })}</span>
      </Link>
      {active ? <span aria-hidden="true">{direction === 'asc' ? ' ▲' : ' ▼'}</span> : null}
    </>
  )
}

type SortLinksProps = { columns: Array<[string, string]>; sort: string; direction: string }

function NewSortLinks({ columns, sort, direction }: SortLinksProps) {
  const { t } = useTranslation('team')
  const [params] = useSearchParams()
  const { pathname } = useLocation()
  const sortBy = translateEach(t, 'workload.sortBy', 'column')
  return (
    <>
      {columns.map(([column, label]) => (
        <th key={column}>
          {workloadSortLink({ column, label, sortBy, pathname, params, sort, direction, onClick: () => {} })}
        </th>
      ))}
    </>
  )
}

function ReferenceSortLinks({ columns, sort, direction }: SortLinksProps) {
  return (
    <>
      {columns.map(([column, label]) => (
        <th key={column}>
          <ReferenceSortLink column={column} label={label} sort={sort} direction={direction} />
        </th>
      ))}
    </>
  )
}

/** Renders the links as the index route /team does, at the given address, in the given language. */
async function render(language: 'de' | 'en', url: string, element: JSX.Element) {
  return renderInRouter(language, [{ path: '/team', children: [{ index: true, element }] }], url)
}

// Column labels as the page has them, and awkward ones: markup characters, quotes, ampersands, an empty label.
const columns: Array<[string, string]> = [
  ['name', 'Name'],
  ['openCases', 'Offene Fälle'],
  ['hours30d', 'Stunden <30 Tage> & "mehr"'],
  ['openReferrals', "Vermittlungen 'offen'"],
  ['contacts30d', ''],
]

describe('workloadSortLink', () => {
  test('writes what the former <Link preventScrollReset> wrote, in every sort, direction, language and address', async () => {
    const addresses = [
      '/team',
      '/team/',
      '/team?sort=openCases&dir=desc',
      '/team?sort=hours30d&dir=asc&done=reassigned',
      '/team?sort=name&dir=desc#workload',
      '/team?x=%26%3D%22&sort=bogus',
    ]
    for (const language of ['de', 'en'] as const)
      for (const url of addresses)
        for (const [sort, direction] of [
          ['name', 'asc'],
          ['name', 'desc'],
          ['openCases', 'desc'],
          ['hours30d', 'asc'],
          ['bogus', 'asc'],
        ] as const) {
          const built = await render(
            language,
            url,
            <NewSortLinks columns={columns} sort={sort} direction={direction} />,
          )
          expect(built).toBe(
            await render(
              language,
              url,
              <ReferenceSortLinks columns={columns} sort={sort} direction={direction} />,
            ),
          )
          expect(built).toContain(
            `data-discover="true" href="${url.startsWith('/team/') ? '/team/' : '/team'}?`,
          )
        }
  })
})
