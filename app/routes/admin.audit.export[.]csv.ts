import { type LoaderFunctionArgs } from '@remix-run/node'
import { auditAuditLogExport, exportAuditEvents, parseAuditFilter } from '#app/models/audit-log.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { csvHeaders, toCsv } from '#app/utils/csv.ts'

// The audit log as CSV with the filters of /admin/audit. The export is itself audited (which
// filters, how many rows), so that copies of the log leaving the system are traceable.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const filter = parseAuditFilter(new URL(request.url).searchParams)
  const events = await exportAuditEvents(filter)
  const rows = [
    ['id', 'at', 'userId', 'userName', 'action', 'entity', 'entityId', 'caseId', 'outcome', 'emergency', 'details', 'requestId'],
    ...events.map((event) => [
      event.id,
      event.at.toISOString(),
      event.userId,
      event.userName,
      event.action,
      event.entity,
      event.entityId,
      event.caseId,
      event.outcome,
      event.emergency ? 'true' : 'false',
      event.details,
      event.requestId,
    ]),
  ]
  await auditAuditLogExport(user, filter, events.length)
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(toCsv(rows), { headers: csvHeaders(`audit-log-${stamp}.csv`) })
}
