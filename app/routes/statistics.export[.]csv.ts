import { type LoaderFunctionArgs } from '@remix-run/node'
import { toCsv } from '#app/domain/statistics/export.ts'
import { exportDocument, statisticsQueryError } from '#app/domain/statistics/labels.ts'
import { parseStatisticsQuery } from '#app/forms/statistics.ts'
import { exportStatistics } from '#app/models/statistics.server.ts'
import { requireTeamName } from '#app/models/team.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'ADMIN'])
  const query = parseStatisticsQuery(new URL(request.url).searchParams, user)
  const teamName = await requireTeamName(query.teamId)
  const [t, language] = await Promise.all([getFixedT(request, 'statistics'), getLanguage(request)])
  if (!query.ok) throw new Response(statisticsQueryError(query, t), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const figures = await exportStatistics(user.id, 'csv', query.year, query.scope)
  const { tables, meta, filename } = exportDocument({ ...figures, teamName }, { t, language, format: 'csv' })
  return new Response(toCsv(tables, meta), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}
