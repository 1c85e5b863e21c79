import { type LoaderFunctionArgs } from '@remix-run/node'
import { toCsv } from '#app/domain/statistics/export.ts'
import { prepareExport } from '#app/models/statistics.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'ADMIN'])
  const { tables, meta, filename } = await prepareExport(request, user, 'csv')
  return new Response(toCsv(tables, meta), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}
