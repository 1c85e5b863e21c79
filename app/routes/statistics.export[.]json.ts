import { type LoaderFunctionArgs } from '@remix-run/node'
import { toJson } from '#app/domain/statistics/export.ts'
import { prepareExport } from '#app/models/statistics.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'ADMIN'])
  const { tables, meta, filename } = await prepareExport(request, user, 'json')
  return new Response(JSON.stringify(toJson(tables, meta), null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}
