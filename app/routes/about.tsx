import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { getFixedT } from '#app/utils/i18n.server.ts'
import packageJson from '../../package.json'

// A static page about the application. Public (no sign-in needed): it holds nothing about clients.
// The benchmark (scripts/bench.ts) also uses it as the "bare route" that every list page is
// measured against, so it must stay free of database queries of its own.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request, 'about')
  return { title: t('title'), version: packageJson.version }
}

const COMPONENTS = [
  { name: 'Remix', licence: 'MIT' },
  { name: 'React', licence: 'MIT' },
  { name: 'Prisma', licence: 'Apache-2.0' },
  { name: 'SQLite', licence: 'Public Domain' },
  { name: 'better-sqlite3', licence: 'MIT' },
  { name: 'Express', licence: 'MIT' },
  { name: 'i18next', licence: 'MIT' },
  { name: 'Zod', licence: 'MIT' },
  { name: 'Conform', licence: 'MIT' },
  { name: 'bcrypt.js', licence: 'BSD-3-Clause' },
] as const

export default function AboutPage() {
  const { version } = useLoaderData<typeof loader>()
  const { t } = useTranslation('about')
  return (
    <div className="stack about-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="about-what" className="stack">
        <h2 id="about-what">{t('what.heading')}</h2>
        <p>{t('what.text')}</p>
        <ul>
          <li>{t('what.pseudonymised')}</li>
          <li>{t('what.needToKnow')}</li>
          <li>{t('what.statistics')}</li>
          <li>{t('what.languages')}</li>
        </ul>
      </section>

      <section aria-labelledby="about-privacy" className="stack">
        <h2 id="about-privacy">{t('privacy.heading')}</h2>
        <p>{t('privacy.text')}</p>
        <p>{t('privacy.contact')}</p>
        <p>{t('privacy.rights')}</p>
      </section>

      <section aria-labelledby="about-licence" className="stack">
        <h2 id="about-licence">{t('licence.heading')}</h2>
        <p>{t('licence.text')}</p>
        <Table caption={t('licence.caption')} columns={[t('licence.component'), t('licence.licence')]}>
          {COMPONENTS.map((component) => (
            <tr key={component.name}>
              <th scope="row">{component.name}</th>
              <td>{component.licence}</td>
            </tr>
          ))}
        </Table>
      </section>

      <section aria-labelledby="about-version">
        <h2 id="about-version">{t('version.heading')}</h2>
        <dl className="facts">
          <dt>{t('version.label')}</dt>
          <dd>{version}</dd>
        </dl>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
