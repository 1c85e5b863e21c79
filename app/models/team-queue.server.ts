// The team lead's whole queue, a page at a time (/team/queue, decision 222): every unassigned open case of the
// team in the order of /team's queue — longest wait first, equal waits in the order of opening (decision 143) —
// with /team's columns and its assignment (`assignFromQueue`, unchanged). /team shows the first 50 of them.
import { parseWithZod } from '@conform-to/zod'
import { officeDay } from '#app/domain/follow-up.ts'
import { longestWaiting } from '#app/domain/workload.ts'
import { BulkAssignSchema } from '#app/forms/assignment.ts'
import { assignFromQueue, getQueue, listAssignableUsers } from '#app/models/team-lead.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { audit } from '#app/utils/audit.server.ts'
import { readRows } from '#app/utils/db.server.ts'

/** Rows per page: /team's queue shows 50 too (decision 209), so that page 1 here is /team's queue. */
export const TEAM_QUEUE_PAGE_SIZE = 50

/** The queue's index (migration 20261206175046_case_queue_since): a team's queued cases in waiting order. */
const QUEUE_INDEX = Prisma.raw('"Case_teamId_queueSince_openedAt_id_idx"')

type KeyRow = { id: string | null; openedAt: Date | string | null; queueSince: Date | string | null }
type DetailRow = {
  id: string
  programme: string
  kind: string
  startPlace: string
  code: string
  birthYear: number | bigint
  languages: string | null
  districtDe: string | null
  districtEn: string | null
  transferredFrom: string | null
  requeued: number | bigint
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value))

/**
 * A page of the team's queue in /team's order. Two statements: every queued case's keys (id, opening, start of its
 * wait) as a range of the queue's index, read in the order of opening as /team reads its rows, ranked by
 * `longestWaiting` as far as the page reaches (its first n are the same for any n, so page 1 is /team's 50); then
 * the page's cases by id with their client, languages, district and sending team — a case assigned between the two
 * is left out (the caption counts the rows shown). The keys are the team's queue alone (159 in the bench's biggest
 * team); no row of a case but the page's is read. Audited as one read of the queue.
 */
export async function getQueuePage(
  actor: { id: string; teamId: string },
  requested: number,
  now = new Date(),
) {
  const teamId = actor.teamId
  // Page 1 (the page a lead opens, and any page asked for below it) is /team's former queue: one statement that
  // reads the 50 longest waits and their ties from the queue's index and stops there (`getQueue`, decisions 143,
  // 189) rather than every queued case's keys and then the page's details (decision 226). The same rows in the
  // same order: `team.queue.test.ts` compares the two reads.
  if (!(requested > 1)) {
    const { rows, total } = await getQueue(teamId, now)
    await auditQueueRead(actor, rows.length, 1)
    return { rows, total, page: 1, pages: Math.max(1, Math.ceil(total / TEAM_QUEUE_PAGE_SIZE)), first: 1 }
  }
  const found = await queuePageByKeys(teamId, requested, now)
  await auditQueueRead(actor, found.rows.length, found.page)
  return found
}

/**
 * A page of the team's queue by its keys (`getQueuePage` for a page after the first): the two statements described
 * there, not audited here. Any page, the first too (`team.queue.test.ts` compares its first with `getQueue`'s).
 */
export async function queuePageByKeys(teamId: string, requested: number, now = new Date()) {
  // `INDEXED BY`: the team's queue as a range of its index whatever SQLite's statistics say (decision 143).
  const keys = await readRows<KeyRow[]>`
    SELECT c."id", c."openedAt", c."queueSince" FROM "Case" c INDEXED BY ${QUEUE_INDEX}
    WHERE c."teamId" = +${teamId} AND c."queueSince" IS NOT NULL
    ORDER BY c."openedAt", c."id"`
  const total = keys.length
  const pages = Math.max(1, Math.ceil(total / TEAM_QUEUE_PAGE_SIZE))
  const page = Math.min(Math.max(1, Number.isFinite(requested) ? Math.floor(requested) : 1), pages)
  const start = (page - 1) * TEAM_QUEUE_PAGE_SIZE
  const queued = keys.map((key) => ({
    id: key.id!,
    openedAt: toDate(key.openedAt!),
    transferredInAt: toDate(key.queueSince!),
  }))
  const todayDay = officeDay(now)
  const shown = longestWaiting(queued, start + TEAM_QUEUE_PAGE_SIZE, now, todayDay).slice(start)
  const rows: QueuePageRow[] = []
  if (shown.length > 0) {
    // `+`: the check that each is still the team's and queued (it may have been assigned since the first
    // statement) must not become an index walk of its own. The sending team is the last completed transfer into the
    // team, by case (named: on a small Transfer table's statistics SQLite scans it).
    const found = await readRows<DetailRow[]>`
      SELECT c."id", c."programme", c."kind", c."startPlace", cl."pseudonymCode" AS code, cl."birthYear",
        (SELECT group_concat("languageCode", ',') FROM "ClientLanguage" WHERE "clientId" = cl."id") AS languages,
        d."labelDe" AS districtDe, d."labelEn" AS districtEn,
        (SELECT ft."name" FROM "Transfer" t INDEXED BY "Transfer_caseId_at_idx" CROSS JOIN "Team" ft ON ft."id" = t."fromTeamId"
          WHERE t."caseId" = c."id" AND t."toTeamId" = +${teamId} AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1) AS transferredFrom,
        c."requeuedAt" IS NOT NULL AS requeued
      FROM "Case" c
      CROSS JOIN "Client" cl ON cl."id" = c."clientId"
      LEFT JOIN "CatalogueEntry" d ON d."id" = cl."districtId"
      WHERE c."id" IN (${Prisma.join(
        shown.map(({ row }) => row.id),
        ', +',
        '+',
      )}) AND +c."teamId" = +${teamId} AND +c."queueSince" IS NOT NULL AND +c."counsellorId" IS NULL`
    const byId = new Map(found.map((row) => [row.id, row]))
    const year = Number(todayDay.slice(0, 4))
    for (const { row: key, waitingDays } of shown) {
      const row = byId.get(key.id)
      if (row) rows.push(queuePageRowOf(row, waitingDays, year))
    }
  }
  return { rows, total, page, pages, first: start + 1 }
}

/** The page's read of the queue: the page and the number of rows shown (decision 222). */
async function auditQueueRead(actor: { id: string; teamId: string }, shown: number, page: number) {
  await audit({
    userId: actor.id,
    action: 'team.queue.read',
    entity: 'team',
    entityId: actor.teamId,
    details: { shown, page },
  })
}

export type QueuePageRow = {
  id: string
  code: string
  programme: string
  kind: string
  startPlace: string
  age: number
  languages: string[]
  district: { labelDe: string; labelEn: string } | null
  transferredFrom: string | null
  requeued: boolean
  waitingDays: number
}

function queuePageRowOf(row: DetailRow, waitingDays: number, year: number): QueuePageRow {
  return {
    id: row.id,
    code: row.code,
    programme: row.programme,
    kind: row.kind,
    startPlace: row.startPlace,
    age: year - Number(row.birthYear),
    languages: row.languages ? row.languages.split(',').sort() : [],
    district:
      row.districtDe !== null && row.districtEn !== null
        ? { labelDe: row.districtDe, labelEn: row.districtEn }
        : null,
    transferredFrom: row.transferredFrom,
    requeued: Number(row.requeued) > 0,
    waitingDays,
  }
}

/**
 * The queue's assignment form as posted (`intent=assign`, the selected `caseId`s, `counsellorId`, `note`): the
 * checks of /team/queue — the assignee an active counsellor or team lead of the lead's team, checked again inside
 * the assignment's transaction; only the lead's own team's unassigned cases assigned, a case assigned meanwhile
 * reported and left; each assignment audited (`assignFromQueue`). `status`: 200 done, 400 the form refused, 409 the
 * assignee left the team between the form's check and the transaction. /team/queue posts it, and so does a /team
 * page loaded before decision 225 that still shows the queue's table (decision 239).
 */
export async function assignQueueSubmission(user: { id: string; teamId: string }, formData: FormData) {
  const assignable = new Set((await listAssignableUsers(user.teamId)).map((person) => person.id))
  const submission = parseWithZod(formData, {
    schema: BulkAssignSchema.superRefine((value, ctx) => {
      if (value.counsellorId && !assignable.has(value.counsellorId))
        ctx.addIssue({ code: 'custom', path: ['counsellorId'], message: 'team:assign.counsellor' })
    }),
  })
  if (submission.status !== 'success') return { status: 400 as const, result: submission.reply(), outcome: null }
  // Only cases of the lead's own team are assigned; an id of another team is not revealed, simply not assigned.
  const outcome = await assignFromQueue(
    {
      teamId: user.teamId,
      caseIds: submission.value.caseId,
      counsellorId: submission.value.counsellorId,
      note: submission.value.note,
    },
    user.id,
  )
  // Deactivated or moved to another team since the form's check: nothing assigned, the form's own error.
  if (outcome.assigneeUnavailable)
    return {
      status: 409 as const,
      result: submission.reply({ fieldErrors: { counsellorId: ['team:assign.counsellor'] } }),
      outcome: null,
    }
  return {
    status: 200 as const,
    result: submission.reply({ resetForm: true }),
    outcome: { assigned: outcome.assigned.length, alreadyAssigned: outcome.alreadyAssigned.length },
  }
}
