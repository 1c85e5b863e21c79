// Group sessions (Gruppenangebote, issue 15, decision 041): recorded once with their participant
// cases and a number of participants without a case file; shown in every participant's timeline;
// counted once in the statistics (docs/statistics.md R18).
import { allowedActions, mayChangeGroupSession, type Actor } from '#app/domain/access-policy.ts'
import { CASE_STATUSES } from '#app/domain/codes.ts'
import { dayOf, officeDay, parseDay } from '#app/domain/follow-up.ts'
import { requireCaseAccess, substitutionsOf, visibleCasesWhere, type CaseAccess, type Substitutions } from '#app/models/case-access.server.ts'
import { visibleCasesSql } from '#app/models/case-visibility-sql.server.ts'
import { interpretCodeQuery } from '#app/models/case.server.ts'
import { activateOnFirstContact, CaseClosedError, refreshContactDates } from '#app/models/contact.server.ts'
import { auditMany, audit } from '#app/utils/audit.server.ts'
import { type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { z } from 'zod'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRows, type TransactionClient } from '#app/utils/db.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { type Option } from '#app/utils/options.ts'
import { MAX_GROUP_CASES, type GroupSessionFormValues } from '#app/forms/group-session.ts'

/** How many cases the participant choice lists at most (a team lead's team can be large). */
const PARTICIPANT_CHOICES_MAX = 300
// The limit written into the SQL, as the other fixed limits (decision 146's appendix).
const PARTICIPANT_LIMIT = Prisma.raw(`LIMIT ${PARTICIPANT_CHOICES_MAX}`)
// A team lead may write the whole team: the team's cases are walked in code order on the index
// (teamId, clientCode, id) until 300 are found, ≈ 2,300 entries of the largest team's 39,000 (most are
// closed). A counsellor writes their own cases and those of colleagues they substitute for today: the
// team's open, active and paused cases are read from the index that starts with the team and the
// status, which also holds the counsellor, so only the reader's ≈ 270 of the ≈ 5,100 are looked up in
// the table, and sorted by code (`+` keeps the order off the code's index). On the 100,000-case file:
// 2 and 1.7 ms of SQLite (the counsellor's 8–9 ms while the shared cases were read too). The same rows
// either way (tests); the statuses written in, as fixed values.
const NOT_CLOSED = Prisma.raw(
  CASE_STATUSES.filter((status) => status !== 'CLOSED')
    .map((status) => `'${status}'`)
    .join(', '),
)
const WHOLE_TEAM = {
  from: Prisma.raw('"Case" c INDEXED BY "Case_teamId_clientCode_id_idx"'),
  status: Prisma.sql`c."status" <> 'CLOSED'`,
  order: Prisma.raw('c."clientCode"'),
}
const OWN_AND_SHARED = {
  from: Prisma.raw('"Case" c INDEXED BY "Case_teamId_status_kind_counsellorId_idx"'),
  status: Prisma.sql`c."status" IN (${NOT_CLOSED})`,
  order: Prisma.raw('+c."clientCode"'),
}

/**
 * The participant choice: the cases listed, and how many the actor could choose in all (more when cut);
 * with a search, how many cases match it (`total`) and what the search made of the typed code.
 */
export type ParticipantChoice = {
  /** the cases listed, in code order (with a search, the matching ones) */
  options: Option[]
  /** how many the list would hold without the cut at 300 */
  total: number
  /** the cases ticked before a search that it did not find, listed after the others so that none is dropped */
  kept: Option[]
  search?: ParticipantSearch
}

/**
 * What the participant search made of the typed code: the range of codes it looked up, or `invalid`
 * (not a code nor the start of one: the form says so next to the field). An empty search is none.
 */
export type ParticipantSearch = { code: string; kind: 'prefix' | 'exact' | 'invalid' }

/**
 * The cases the actor may add besides this one: cases they may write (the same right as recording a
 * contact), not closed, ordered by pseudonym code, at most 300; `total` counts them all, so the form
 * says when the list is cut. Only cases the actor may write are read, so the limit counts only
 * choosable ones: a counsellor's own cases and those of colleagues they substitute for today, not
 * the shared ones they may only read (until session 22 the 300 were cut among the readable cases
 * before the right to write was checked, and most of a busy counsellor's own cases could not be
 * chosen, issue 19).
 *
 * Beyond the 300 the form's search reaches every such case (session 23): `code` narrows the list to
 * the codes that start with what was typed (as the case list's search reads it: case, spaces and
 * dashes do not matter), and `keep` are the cases ticked in the form before the search, listed again
 * after the matches so that a search never drops a choice — each checked again like any other, so a
 * case the actor may not (or no longer) write, or a closed one, is not listed.
 */
export async function participantOptions(
  actor: Actor,
  caseId: string,
  { code, keep = [], substitutions = substitutionsOf(actor) }: { code?: string; keep?: readonly string[]; substitutions?: Substitutions } = {},
): Promise<ParticipantChoice> {
  const search = participantSearch(code)
  if (search?.kind === 'invalid') return { ...(await participantOptions(actor, caseId, { keep, substitutions })), search }
  // the substitutions read once, for the visible cases and the write check alike
  const [visible, substitutesFor] = await Promise.all([visibleCasesWhere(actor, substitutions), substitutions()])
  const sql = visibleCasesSql(visible)
  if (sql.kind === 'none') return { options: [], total: 0, kept: [], ...(search ? { search } : {}) }
  const shape = sql.wholeTeam ? WHOLE_TEAM : OWN_AND_SHARED
  // What `write` allows, as SQL: the whole team for a team lead; for a counsellor the cases assigned
  // to them or to a colleague they substitute for today (visibleCasesSql's ids, without the shared
  // cases). Every value `+?` (decision 146).
  const writableOn = (column: (name: string) => Prisma.Sql) =>
    sql.counsellorIds === null
      ? Prisma.sql`${column('teamId')} = +${sql.teamId}`
      : Prisma.sql`${column('teamId')} = +${sql.teamId} AND ${column('counsellorId')} IN (${Prisma.join(sql.counsellorIds, ', +', '+')})`
  const writable = writableOn((name) => Prisma.raw(`c."${name}"`))
  // The codes searched for, a range on the case's copy of the code: codes are digits, capitals and
  // dashes, all below '~', so [code, code + '~') holds every code that starts with it (the case list's
  // rule, codeCondition in case.server.ts); a complete code is its own range.
  const matching = search ? Prisma.sql`c."clientCode" >= +${search.code} AND c."clientCode" < +${`${search.code}~`}` : Prisma.sql`1`
  // Straight from the connection (decision 067). The code is the case's copy of its client's
  // (`clientCode`, kept by triggers, decision 045): the ORM's statement read the client of every case
  // it sorted, a team lead's 39,000 and a counsellor's ≈ 7,800 (≈ 50 and 15–30 ms of SQLite a view,
  // issue 19, session 22). Equal codes in the order of the ids.
  const cases = await readRows<ChoiceRow[]>`
    SELECT c."id", c."teamId", c."counsellorId", c."sharedForSubstitution", c."clientCode" FROM ${shape.from}
    WHERE ${writable} AND c."id" <> +${caseId} AND ${shape.status} AND ${matching}
    ORDER BY ${shape.order}, c."id" ${PARTICIPANT_LIMIT}`
  const listed = new Set(cases.map((kase) => kase.id))
  const kept = keep.filter((id) => id !== caseId && !listed.has(id)).slice(0, MAX_GROUP_CASES)
  // the ticked cases by their key: the team's and counsellor's columns written `+c.…`, off their indexes
  const keptCases = kept.length
    ? await readRows<ChoiceRow[]>`
        SELECT c."id", c."teamId", c."counsellorId", c."sharedForSubstitution", c."clientCode" FROM "Case" c
        WHERE c."id" IN (${Prisma.join(kept, ', +', '+')}) AND ${writableOn((name) => Prisma.raw(`+c."${name}"`))} AND c."status" <> 'CLOSED'
        ORDER BY c."clientCode", c."id"`
    : []
  // The rule in JavaScript as a second guard: the statements may list fewer cases, never more.
  const mayWrite = (kase: ChoiceRow) =>
    allowedActions(actor, { ...kase, sharedForSubstitution: Boolean(Number(kase.sharedForSubstitution)) }, { substitutesFor }).includes('write')
  const asOption = (kase: ChoiceRow) => ({ value: kase.id, label: kase.clientCode })
  const options = cases.filter(mayWrite).map(asOption)
  const choice = { options, kept: keptCases.filter(mayWrite).map(asOption), ...(search ? { search } : {}) }
  if (cases.length < PARTICIPANT_CHOICES_MAX) return { ...choice, total: options.length }
  // A lead's search is counted along the code's range (only the matching cases' rows are read for their
  // status); everything else on the index of team, status and counsellor, which the condition needs alone.
  const countOn = search && sql.wholeTeam ? CODE_INDEX : STATUS_INDEX
  return { ...choice, total: await countWritable(Prisma.sql`${writable} AND ${matching}`, caseId, countOn) }
}

/**
 * The participant search of the group-session forms (their actions, session 23): the code typed and the
 * cases ticked as posted, the choice found for them, and what the form's search field shows after it —
 * the code as read (`k7q4m2` → `K7Q4-M2`) and how many cases match, or that it was not a code.
 */
export async function findParticipants(actor: Actor, caseId: string, formData: FormData, substitutions = substitutionsOf(actor)) {
  const typed = String(formData.get('participantCode') ?? '').slice(0, 100)
  const keep = formData.getAll('otherCaseIds').filter((value): value is string => typeof value === 'string')
  const { options, kept, total, search } = await participantOptions(actor, caseId, { code: typed, keep, substitutions })
  const invalid = search?.kind === 'invalid'
  return { options, kept, total, search: { code: search && !invalid ? search.code : typed.trim(), found: search && !invalid ? total : null, invalid } }
}

/**
 * Whether a post of the group-session form is a participant search rather than a save: its search button,
 * or a code in the search field that was not searched yet (`participantCodeSearched` holds the code of the
 * last search). Without JavaScript, Enter in the search field presses the form's first submit button — the
 * save — so a typed, unsearched code would otherwise save the session without the case looked for; it is
 * searched instead, and nothing is lost. After a search the field holds the searched code and saving works.
 */
export function isParticipantSearch(formData: FormData, searchIntent: string) {
  if (formData.get('intent') === searchIntent) return true
  // compared as read (`k7q4` and `K7Q4` are the same search); an invalid text as typed
  const typed = participantSearch(String(formData.get('participantCode') ?? ''))
  return typed !== undefined && typed.code !== String(formData.get('participantCodeSearched') ?? '').trim()
}

/**
 * The form as posted, for a post that saves nothing (the participant search): Conform's result with
 * every field's value and no error, so the form comes back as it was, also without JavaScript.
 */
export function keptAsPosted(formData: FormData): SubmissionResult<string[]> {
  return { initialValue: parseWithZod(formData, { schema: z.object({}).passthrough() }).reply().initialValue }
}

type ChoiceRow = { id: string; teamId: string; counsellorId: string | null; sharedForSubstitution: bigint; clientCode: string }

/** What was typed into the participant search, read as the case list reads its code search; none when empty. */
function participantSearch(code: string | undefined): ParticipantSearch | undefined {
  const typed = code?.trim() ?? ''
  if (!typed) return undefined
  const search = interpretCodeQuery(typed)
  if (search.kind === 'prefix') return { code: search.prefix, kind: 'prefix' }
  // a complete code with a wrong check symbol is looked up as it stands: it matches no case
  if (search.kind === 'exact' || search.kind === 'wrong-check') return { code: search.code, kind: 'exact' }
  return { code: typed, kind: 'invalid' }
}

const STATUS_INDEX = Prisma.raw('"Case_teamId_status_kind_counsellorId_idx"')
const CODE_INDEX = Prisma.raw('"Case_teamId_clientCode_id_idx"')

/**
 * How many not-closed cases the condition admits besides this one, when the choice is cut, counted on the
 * index named: without a search the index that starts with the team and the status holds every column the
 * condition names (no row of the table read); a lead's search walks the code's range on the code index
 * instead (the index of the status does not hold the code, so it would read every open case of the team,
 * ≈ 5,000). Less this case if it is one of them (looked up by its id).
 */
async function countWritable(condition: Prisma.Sql, caseId: string, index: Prisma.Sql) {
  const [row] = await readRows<Array<{ total: bigint | number }>>`
    SELECT (SELECT count(*) FROM "Case" c INDEXED BY ${index} WHERE ${condition} AND c."status" IN (${NOT_CLOSED}))
      - (SELECT count(*) FROM "Case" c WHERE c."id" = +${caseId} AND ${condition} AND c."status" <> 'CLOSED') AS "total"`
  return Number(row?.total ?? 0)
}

export type GroupSessionFieldErrors = Partial<Record<keyof GroupSessionFormValues, string[]>>

/**
 * What Zod cannot know: the topics exist and are active; every further participant is a case the
 * actor may write (a foreign or unknown id gets the same message, so nothing tells whether it
 * exists; the refusal is audited by requireCaseAccess) and is not closed; the day is not before any
 * participant's opening (as for a contact).
 */
export async function checkGroupSession(
  actor: Actor,
  kase: CaseAccess,
  value: GroupSessionFormValues,
  edit?: { keep: ReadonlySet<string>; participants: readonly string[]; keepTopicIds: readonly number[] },
): Promise<GroupSessionFieldErrors> {
  const errors: GroupSessionFieldErrors = {}
  const topicIds = [...new Set(value.topicIds)]
  // A topic retired since the session was recorded may stay on it (as on a contact).
  const topics = await prisma.catalogueEntry.count({
    where: { id: { in: topicIds }, catalogue: 'TOPIC', OR: [{ active: true }, { id: { in: [...(edit?.keepTopicIds ?? [])] } }] },
  })
  if (topics !== topicIds.length) errors.topicIds = ['contacts:errors.topic']
  // On an edit only the cases the form may change are taken as they are; any other id — also one of
  // a participant the actor may not open — is checked like a new one, so the answer tells nothing.
  const others = otherParticipants(kase, value).filter((id) => !edit?.keep.has(id))
  const participantErrors = new Set<string>()
  const writable: string[] = [kase.id, ...(edit?.participants ?? [])]
  for (const id of others) {
    const access = await requireCaseAccess(actor, id, 'write').catch((error: unknown) => {
      if (error instanceof Response) return null
      throw error
    })
    if (!access) participantErrors.add('groupSessions:errors.participant')
    else if (access.status === 'CLOSED') participantErrors.add('groupSessions:errors.participantClosed')
    else writable.push(access.id)
  }
  if (participantErrors.size) errors.otherCaseIds = [...participantErrors]
  const openings = await prisma.case.findMany({ where: { id: { in: writable } }, select: { openedAt: true } })
  if (openings.some((row) => value.date < officeDay(row.openedAt))) errors.date = ['groupSessions:errors.beforeOpening']
  else if (await isYearFrozen(prisma, yearOf(value.date))) errors.date = ['groupSessions:errors.frozenYear']
  return errors
}

/** The reporting year of a calendar day "YYYY-MM-DD" (R1). */
function yearOf(day: string) {
  return Number(day.slice(0, 4))
}

/**
 * Whether the statistics of the year are frozen (Jahresabschluss, docs/statistics.md §10): a session
 * dated in it is published as it is and is neither recorded, moved into it, changed nor deleted
 * (decision 046); an administrator re-opens the year first.
 */
async function isYearFrozen(db: TransactionClient | typeof prisma, year: number) {
  return (await db.statisticsSnapshot.count({ where: { year, scopeKey: 'org' } })) > 0
}

/**
 * For each participant case that a session has just reached or left: its first and last contact
 * dates follow (decision 046), and an "offen" case it reached becomes "aktiv" as with its first
 * contact, with the status history row and audit event that go with it.
 */
async function followCaseLives(tx: TransactionClient, actor: Actor, caseIds: readonly string[], reached: readonly string[]) {
  for (const caseId of caseIds) await refreshContactDates(tx, caseId)
  const open = await tx.case.findMany({ where: { id: { in: [...reached] }, status: 'OPEN' }, select: { id: true } })
  for (const { id } of open) await activateOnFirstContact(tx, id, actor, 'group-session')
}

function otherParticipants(kase: Pick<CaseAccess, 'id'>, value: Pick<GroupSessionFormValues, 'otherCaseIds'>) {
  return [...new Set(value.otherCaseIds)].filter((id) => id && id !== kase.id)
}

/** R17: the programme in force on the day for the case the session is recorded from (R4's fallbacks). */
async function programmeOnDay(tx: TransactionClient, caseId: string, day: string) {
  const periods = await tx.programmePeriod.findMany({ where: { caseId }, select: { programme: true, validFrom: true }, orderBy: { validFrom: 'asc' } })
  const inForce = periods.filter((period) => dayOf(period.validFrom) <= day).at(-1) ?? periods[0]
  if (inForce) return inForce.programme
  const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { programme: true } })
  return kase.programme
}

/**
 * Records the session once, with this case and the further participants (checked before by
 * checkGroupSession). The team is the team of the case it is recorded from (the team that held the
 * session); every participant case must still be open when the transaction runs.
 */
export async function createGroupSession({ actor, kase, value }: { actor: Actor; kase: CaseAccess; value: GroupSessionFormValues }) {
  const caseIds = [kase.id, ...otherParticipants(kase, value)]
  return prisma.$transaction(async (tx) => {
    const closed = await tx.case.count({ where: { id: { in: caseIds }, status: 'CLOSED' } })
    if (closed > 0) throw new CaseClosedError()
    const session = await tx.groupSession.create({
      data: {
        teamId: kase.teamId,
        programme: await programmeOnDay(tx, kase.id, value.date),
        date: parseDay(value.date)!,
        startTime: value.startTime ?? null,
        durationMinutes: value.durationMinutes,
        mode: value.mode,
        description: value.description,
        anonymousParticipants: value.anonymousParticipants,
        createdById: actor.id,
        participants: { create: caseIds.map((caseId) => ({ caseId })) },
        topics: { create: [...new Set(value.topicIds)].map((topicId) => ({ topicId })) },
      },
      select: { id: true },
    })
    await followCaseLives(tx, actor, caseIds, caseIds)
    // One event per participant case: each case's audit trail shows the session written into it.
    await auditMany(
      caseIds.map((caseId) => ({
        userId: actor.id,
        action: 'group-session.create',
        entity: 'group-session',
        entityId: session.id,
        caseId,
        details: { cases: caseIds.length, anonymous: value.anonymousParticipants },
      })),
      tx,
    )
    return session
  })
}

/**
 * A session as a participant case's reader sees it: the session, the number of participants, and
 * the pseudonym codes of those participant cases the reader may open — never the others'. A
 * session this case did not take part in answers null, like a missing one. The read is audited.
 */
export async function getGroupSession(actor: Actor, kase: Pick<CaseAccess, 'id' | 'relation'>, sessionId: string | undefined, language: string) {
  if (!sessionId) return null
  const session = await prisma.groupSession.findFirst({
    where: { id: sessionId, participants: { some: { caseId: kase.id } } },
    select: {
      id: true,
      date: true,
      startTime: true,
      durationMinutes: true,
      mode: true,
      programme: true,
      description: true,
      anonymousParticipants: true,
      createdAt: true,
      createdById: true,
      team: { select: { name: true } },
      topics: { select: { topic: { select: { labelDe: true, labelEn: true } } } },
      participants: { select: { caseId: true } },
    },
  })
  if (!session) return null
  const otherIds = session.participants.map((row) => row.caseId).filter((id): id is string => id !== null && id !== kase.id)
  const readable = otherIds.length
    ? await prisma.case.findMany({
        where: { AND: [await visibleCasesWhere(actor), { id: { in: otherIds } }] },
        select: { id: true, client: { select: { pseudonymCode: true } } },
        orderBy: { client: { pseudonymCode: 'asc' } },
      })
    : []
  const author = session.createdById ? await prisma.user.findUnique({ where: { id: session.createdById }, select: { displayName: true } }) : null
  await audit({
    userId: actor.id,
    action: 'group-session.read',
    entity: 'group-session',
    entityId: session.id,
    caseId: kase.id,
    details: { shownCases: readable.length },
    emergency: kase.relation === 'emergency',
  })
  return {
    id: session.id,
    date: dayOf(session.date),
    startTime: session.startTime,
    durationMinutes: session.durationMinutes,
    mode: session.mode,
    programme: session.programme,
    description: session.description,
    teamName: session.team.name,
    authorName: author?.displayName ?? null,
    topics: session.topics.map((row) => catalogueLabel(row.topic, language)),
    participants: groupParticipantCount(session),
    anonymousParticipants: session.anonymousParticipants,
    otherCasesShown: readable.map((row) => ({ caseId: row.id, code: row.client.pseudonymCode })),
    otherCasesHidden: session.participants.length - 1 - readable.length,
  }
}

/** Everybody who took part: the participant cases (also erased ones, whose row stays) and the anonymous. */
export function groupParticipantCount(session: { participants: readonly unknown[]; anonymousParticipants: number }) {
  return session.participants.length + session.anonymousParticipants
}

/**
 * The session as its edit form needs it, for someone who may change it (mayChangeGroupSession) from
 * a participant case: its values, the further participant cases the actor may write (the only ones
 * the form lets them remove or keep; each with whether it is closed), and how many further
 * participants stay as they are — cases the actor may not write or open, and erased ones. A
 * session this case did not take part in answers null, like a missing one.
 */
export async function getGroupSessionForEdit(actor: Actor, kase: Pick<CaseAccess, 'id'>, sessionId: string | undefined, substitutions = substitutionsOf(actor)) {
  if (!sessionId) return null
  const session = await prisma.groupSession.findFirst({
    where: { id: sessionId, participants: { some: { caseId: kase.id } } },
    select: {
      id: true,
      teamId: true,
      date: true,
      startTime: true,
      durationMinutes: true,
      mode: true,
      description: true,
      anonymousParticipants: true,
      createdById: true,
      version: true,
      topics: { select: { topicId: true } },
      participants: { select: { caseId: true } },
    },
  })
  if (!session) return null
  const otherIds = session.participants.map((row) => row.caseId).filter((id): id is string => id !== null && id !== kase.id)
  const writable = await writableCases(actor, otherIds, substitutions)
  return {
    ...session,
    date: dayOf(session.date),
    topicIds: session.topics.map((row) => row.topicId),
    participantIds: session.participants.map((row) => row.caseId).filter((id): id is string => id !== null),
    editable: writable,
    unchangeable: session.participants.length - 1 - writable.length,
    mayChange: mayChangeGroupSession(actor, session),
    frozen: await isYearFrozen(prisma, session.date.getUTCFullYear()),
  }
}

export type GroupSessionForEdit = NonNullable<Awaited<ReturnType<typeof getGroupSessionForEdit>>>

/** Of these cases, the ones the actor may write (the right to record a contact), by pseudonym code. */
async function writableCases(actor: Actor, ids: readonly string[], substitutions: Substitutions) {
  if (ids.length === 0) return []
  const [visible, substitutesFor] = await Promise.all([visibleCasesWhere(actor, substitutions), substitutions()])
  const cases = await prisma.case.findMany({
    where: { AND: [visible, { id: { in: [...ids] } }] },
    select: { id: true, teamId: true, counsellorId: true, sharedForSubstitution: true, status: true, client: { select: { pseudonymCode: true } } },
    orderBy: { client: { pseudonymCode: 'asc' } },
  })
  return cases
    .filter((row) => allowedActions(actor, row, { substitutesFor }).includes('write'))
    .map((row) => ({ value: row.id, label: row.client.pseudonymCode, closed: row.status === 'CLOSED' }))
}

/** The stored session in the form's terms, to tell which fields an edit changed. */
export function groupSessionAsFormValues(session: GroupSessionForEdit): GroupSessionFormValues {
  return {
    date: session.date,
    startTime: session.startTime ?? undefined,
    durationMinutes: session.durationMinutes,
    mode: session.mode as GroupSessionFormValues['mode'],
    topicIds: session.topicIds,
    description: session.description,
    anonymousParticipants: session.anonymousParticipants,
    otherCaseIds: session.editable.map((row) => row.value),
  }
}

const COMPARED_FIELDS = ['date', 'startTime', 'durationMinutes', 'mode', 'topicIds', 'description', 'anonymousParticipants'] as const

export type GroupSessionChange = { ok: true } | { ok: false; reason: 'conflict' | 'frozen' | 'closed' }

/**
 * Saves a correction if nobody saved the session since the form was loaded (GroupSession.version);
 * a stale save changes nothing. Only the further participants the actor may write are added or
 * removed (checked before by checkGroupSession); the others stay untouched. Every case the session
 * reaches, keeps or leaves gets its first/last contact dates recomputed, and an event naming the
 * changed fields — never their values.
 */
export async function updateGroupSession({
  actor,
  kase,
  session,
  value,
  version,
}: {
  actor: Actor
  kase: Pick<CaseAccess, 'id'>
  session: GroupSessionForEdit
  value: GroupSessionFormValues
  version: number
}): Promise<GroupSessionChange> {
  const before = groupSessionAsFormValues(session)
  const editable = new Set(before.otherCaseIds)
  const chosen = new Set(otherParticipants(kase, value))
  const removed = [...editable].filter((id) => !chosen.has(id))
  const added = [...chosen].filter((id) => !editable.has(id))
  const normalise = (field: unknown) => (Array.isArray(field) ? [...field].map(Number).sort((a, b) => a - b).join(',') : String(field ?? ''))
  const changed: string[] = COMPARED_FIELDS.filter((field) => normalise(before[field]) !== normalise(value[field]))
  if (added.length || removed.length) changed.push('otherCaseIds')
  return prisma.$transaction(async (tx) => {
    const stored = await tx.groupSession.findUnique({ where: { id: session.id }, select: { version: true, date: true } })
    if (!stored || stored.version !== version) return { ok: false, reason: 'conflict' } as const
    if (await isYearFrozen(tx, stored.date.getUTCFullYear())) return { ok: false, reason: 'frozen' } as const
    if (added.length && (await tx.case.count({ where: { id: { in: added }, status: 'CLOSED' } })) > 0) return { ok: false, reason: 'closed' } as const
    const updated = await tx.groupSession.updateMany({
      where: { id: session.id, version },
      data: {
        date: parseDay(value.date)!,
        startTime: value.startTime ?? null,
        durationMinutes: value.durationMinutes,
        mode: value.mode,
        description: value.description,
        anonymousParticipants: value.anonymousParticipants,
        version: { increment: 1 },
      },
    })
    if (updated.count !== 1) return { ok: false, reason: 'conflict' } as const
    if (changed.includes('topicIds')) {
      await tx.groupSessionTopic.deleteMany({ where: { groupSessionId: session.id } })
      await tx.groupSessionTopic.createMany({ data: [...new Set(value.topicIds)].map((topicId) => ({ groupSessionId: session.id, topicId })) })
    }
    if (removed.length) await tx.groupSessionParticipant.deleteMany({ where: { groupSessionId: session.id, caseId: { in: removed } } })
    if (added.length) await tx.groupSessionParticipant.createMany({ data: added.map((caseId) => ({ groupSessionId: session.id, caseId })) })
    const stays = [...session.participantIds.filter((id) => !removed.includes(id)), ...added]
    // A new date moves every participant's first/last contact; otherwise only the cases reached or left.
    await followCaseLives(tx, actor, changed.includes('date') ? [...stays, ...removed] : [...added, ...removed], added)
    await auditMany(
      [...stays, ...removed].map((caseId) => ({
        userId: actor.id,
        action: 'group-session.update',
        entity: 'group-session',
        entityId: session.id,
        caseId,
        details: { changed, addedCases: added.length, removedCases: removed.length },
      })),
      tx,
    )
    return { ok: true } as const
  })
}

/**
 * Deletes the session after the confirmation step, unless someone changed it since the page was
 * loaded or its year is frozen. The participant cases lose it from their timelines and get their
 * first/last contact dates recomputed; their status stays (an "aktiv" case does not go back to
 * "offen": the status history records what happened). One event per participant case.
 */
export async function deleteGroupSession({ actor, session, version }: { actor: Actor; session: GroupSessionForEdit; version: number }): Promise<GroupSessionChange> {
  return prisma.$transaction(async (tx) => {
    const stored = await tx.groupSession.findUnique({
      where: { id: session.id },
      select: { version: true, date: true, anonymousParticipants: true, participants: { select: { caseId: true } } },
    })
    if (!stored || stored.version !== version) return { ok: false, reason: 'conflict' } as const
    if (await isYearFrozen(tx, stored.date.getUTCFullYear())) return { ok: false, reason: 'frozen' } as const
    const deleted = await tx.groupSession.deleteMany({ where: { id: session.id, version } })
    if (deleted.count !== 1) return { ok: false, reason: 'conflict' } as const
    const caseIds = stored.participants.map((row) => row.caseId).filter((id): id is string => id !== null)
    await followCaseLives(tx, actor, caseIds, [])
    await auditMany(
      caseIds.map((caseId) => ({
        userId: actor.id,
        action: 'group-session.delete',
        entity: 'group-session',
        entityId: session.id,
        caseId,
        details: { cases: stored.participants.length, anonymous: stored.anonymousParticipants },
      })),
      tx,
    )
    return { ok: true } as const
  })
}
