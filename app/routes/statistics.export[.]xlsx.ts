import { type LoaderFunctionArgs } from '@remix-run/node'
import { prepareExport, toXlsx } from '#app/models/statistics.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'ADMIN'])
  const { tables, meta, filename } = await prepareExport(request, user, 'xlsx')
  return new Response(new Uint8Array(await toXlsx(tables, meta)), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}
