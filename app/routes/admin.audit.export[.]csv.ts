import { type LoaderFunctionArgs } from '@remix-run/node'
import { officeDay } from '#app/domain/follow-up.ts'
import { parseAuditFilter, streamAuditCsv } from '#app/models/audit-log.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { csvHeaders } from '#app/utils/csv.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'

// The audit log as CSV with the filters of /admin/audit, in the words of the page, streamed a page
// of rows at a time. The export is itself audited (which filters, how many rows), so that copies of
// the log leaving the system are traceable.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const filter = parseAuditFilter(new URL(request.url).searchParams)
  const t = await getFixedT(request, 'privacy')
  const body = await streamAuditCsv(user, filter, t)
  const stamp = officeDay(new Date())
  return new Response(body, { headers: csvHeaders(`audit-log-${stamp}.csv`) })
}
