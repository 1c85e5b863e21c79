import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { navigationFor } from '#app/domain/navigation.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  return {
    title: t('home.title'),
    user: { displayName: user.displayName, role: user.role, teamName: user.team.name },
  }
}

export default function HomePage() {
  const { t } = useTranslation()
  const { user } = useLoaderData<typeof loader>()
  const links = navigationFor(user.role).filter((item) => item.to !== '/')
  return (
    <div className="stack">
      <h1>{t('home.welcome', { name: user.displayName })}</h1>
      <p>{user.role === 'ADMIN' ? t('home.adminIntro') : t('home.counsellorIntro', { team: user.teamName })}</p>
      <ul className="link-list">
        {links.map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{t(item.labelKey)}</Link>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
