// Reading the audit log (/admin/audit and its CSV export). Writing goes through
// app/utils/audit.server.ts; the table itself is append-only (triggers in the init migration).
import { z } from 'zod'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type Prisma } from '#app/utils/db.server.ts'

export const AUDIT_PAGE_SIZE = 50
/** The export is for an investigation, not a dump: beyond this, narrow the filter. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

const AuditFilterSchema = z.object({
  user: z.string().max(64).optional().catch(undefined),
  caseId: z.string().trim().max(64).optional().catch(undefined),
  action: z.string().max(64).optional().catch(undefined),
  outcome: z.enum(['SUCCESS', 'DENIED', 'FAILED']).optional().catch(undefined),
  from: day,
  to: day,
  emergency: z.enum(['on']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
})

export type AuditFilter = z.infer<typeof AuditFilterSchema>

/** Unknown or malformed parameters are ignored rather than answered with an error page. */
export function parseAuditFilter(searchParams: URLSearchParams): AuditFilter {
  const raw = Object.fromEntries([...searchParams.entries()].filter(([, value]) => value !== ''))
  return AuditFilterSchema.parse(raw)
}

// Dates in the filter are calendar days in Germany, where the users are.
// Built once: a new Intl.DateTimeFormat with a time zone per call costs CPU and native memory the
// process never hands back (docs/performance.md, "Memory").
const berlinParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

function berlinOffsetMs(instant: Date) {
  const parts = berlinParts.formatToParts(instant)
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant.getTime()
}

export function startOfBerlinDay(isoDay: string) {
  const utcMidnight = new Date(`${isoDay}T00:00:00Z`)
  return new Date(utcMidnight.getTime() - berlinOffsetMs(utcMidnight))
}

export function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const at: Prisma.DateTimeFilter = {}
  if (filter.from) at.gte = startOfBerlinDay(filter.from)
  if (filter.to) {
    const next = new Date(`${filter.to}T00:00:00Z`)
    next.setUTCDate(next.getUTCDate() + 1)
    at.lt = startOfBerlinDay(next.toISOString().slice(0, 10))
  }
  return {
    ...(filter.user ? { userId: filter.user } : {}),
    ...(filter.caseId ? { caseId: filter.caseId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.emergency ? { emergency: true } : {}),
    ...(filter.from || filter.to ? { at } : {}),
  }
}

const eventSelect = {
  id: true,
  at: true,
  userId: true,
  action: true,
  entity: true,
  entityId: true,
  caseId: true,
  outcome: true,
  details: true,
  requestId: true,
  emergency: true,
} as const

async function withUserNames<T extends { userId: string | null }>(events: T[]) {
  const ids = [...new Set(events.map((event) => event.userId).filter((id): id is string => Boolean(id)))]
  const users = ids.length ? await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : []
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return events.map((event) => ({ ...event, userName: event.userId ? (names.get(event.userId) ?? null) : null }))
}

export async function listAuditEvents(filter: AuditFilter) {
  const where = auditWhere(filter)
  const total = await prisma.auditEvent.count({ where })
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
  const page = Math.min(filter.page, pages)
  const events = await prisma.auditEvent.findMany({
    where,
    select: eventSelect,
    orderBy: { id: 'desc' },
    skip: (page - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE,
  })
  return { events: await withUserNames(events), total, page, pages }
}

export async function exportAuditEvents(filter: AuditFilter) {
  const events = await prisma.auditEvent.findMany({ where: auditWhere(filter), select: eventSelect, orderBy: { id: 'desc' }, take: AUDIT_EXPORT_MAX_ROWS })
  return withUserNames(events)
}

/** Choices for the filter form: every user (also inactive ones) and every action that occurs. */
/** A copy of the log leaving the system is itself audited (which filters, how many rows). */
export async function auditAuditLogExport(actor: { id: string }, filter: AuditFilter, rows: number) {
  await audit({ userId: actor.id, action: 'audit.export', entity: 'auditEvent', details: { rows, filters: Object.keys(auditWhere(filter)) } })
}

export async function getAuditFilterOptions() {
  const [users, actions] = await Promise.all([
    prisma.user.findMany({ select: { id: true, displayName: true, email: true }, orderBy: { displayName: 'asc' } }),
    prisma.auditEvent.groupBy({ by: ['action'], orderBy: { action: 'asc' } }),
  ])
  return { users, actions: actions.map((row) => row.action) }
}
