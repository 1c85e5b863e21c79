import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { ROLES } from '#app/domain/codes.ts'
import { listTeams } from '#app/models/team.server.ts'
import { listUsers } from '#app/models/user.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { codeOptions } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const url = new URL(request.url)
  const teamId = url.searchParams.get('team') ?? ''
  const role = url.searchParams.get('role') ?? ''
  const status = url.searchParams.get('status') ?? 'active'
  const [users, teams, t] = await Promise.all([
    listUsers({
      teamId: teamId || undefined,
      role: (ROLES as readonly string[]).includes(role) ? role : undefined,
      active: status === 'all' ? undefined : status !== 'inactive',
    }),
    listTeams(),
    getFixedT(request, 'admin'),
  ])
  return { title: t('users.title'), users, teams: teams.map((team) => ({ value: team.id, label: team.name })) }
}

export default function AdminUsersPage() {
  const { t, i18n } = useTranslation('admin')
  const { users, teams } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const now = Date.now()
  return (
    <div className="stack">
      <h1>{t('users.title')}</h1>
      <p>
        <Link className="button button-primary" to="/admin/users/new">
          {t('users.new')}
        </Link>
      </p>
      <FilterForm className="row">
        <SelectField label={t('users.filter.team')} name="team" defaultValue={params.get('team') ?? ''} options={teams} placeholder={t('users.filter.all')} />
        <SelectField
          label={t('users.filter.role')}
          name="role"
          defaultValue={params.get('role') ?? ''}
          options={codeOptions(t, 'role', ROLES)}
          placeholder={t('users.filter.all')}
        />
        <SelectField
          label={t('users.filter.status')}
          name="status"
          defaultValue={params.get('status') ?? 'active'}
          options={[
            { value: 'active', label: t('users.filter.active') },
            { value: 'inactive', label: t('users.filter.inactive') },
            { value: 'all', label: t('users.filter.all') },
          ]}
        />
        <button type="submit" className="button button-secondary">
          {t('common:actions.filter')}
        </button>
      </FilterForm>
      <Table caption={t('users.table.caption')} columns={[t('users.table.name'), t('users.table.email'), t('users.table.role'), t('users.table.team'), t('users.table.status'), t('users.table.lastLogin')]}>
        {users.map((user) => (
          <tr key={user.id}>
            <td>
              <Link to={`/admin/users/${user.id}`}>{user.displayName}</Link>
            </td>
            <td>{user.email}</td>
            <td>{t(`codes:role.${user.role}`)}</td>
            <td>{user.team.name}</td>
            <td>
              {user.active ? t('users.status.active') : t('users.status.inactive')}
              {user.lockedUntil && new Date(user.lockedUntil).getTime() > now ? (
                <span className="badge badge-warning">{t('users.status.locked', { until: formatDateTime(user.lockedUntil, i18n.language) })}</span>
              ) : null}
            </td>
            <td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : t('users.table.never')}</td>
          </tr>
        ))}
      </Table>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
