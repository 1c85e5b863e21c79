// The living demo (issue 16): about 300 cases over the last three calendar years for the demo
// teams and accounts, made by the synthetic-data generator (scripts/lib/data-generator.ts) with a
// fixed seed and dates relative to today, then a few touches so that every demo account's start
// page has work on the first day: follow-ups due today and overdue, an unread assignment, cases
// waiting in each team's queue, and the previous year's statistics frozen (published).
import { generateData } from '../scripts/lib/data-generator.ts'
import { addDays, today as officeToday, parseDay } from '#app/domain/follow-up.ts'
import { refreshContactDates } from '#app/models/contact.server.ts'
import { freezeYear } from '#app/models/statistics.server.ts'
import { reassignCase } from '#app/models/team-lead.server.ts'
import { completeTransfer, requestTransfer } from '#app/models/transfer.server.ts'
import { databaseFile, prisma } from '#app/utils/db.server.ts'
import { DEMO_ACCOUNT_DOMAIN } from './demo-totp.ts'

export const DEMO_CASES = 300
/** Fixed, so that two first starts on the same day produce the same demo. */
export const DEMO_SEED = 2026

/** One-line follow-up texts as counsellors write them: a task, never a name. */
const FOLLOW_UP_NOTES = [
  'Unterlagen für die Ausländerbehörde vorbereiten',
  'Rückmeldung der Kita zum Platz erfragen',
  'Termin beim Jobcenter nachhalten',
  'Antwort zum Widerspruch prüfen',
  'Sprachkurs-Anmeldung bestätigen',
  'Bescheid der Familienkasse besprechen',
]

export async function seedDemoCases({ now = new Date() }: { now?: Date } = {}) {
  const summary = await generateData({
    database: databaseFile(),
    cases: DEMO_CASES,
    seed: DEMO_SEED,
    today: now,
    prepare: false,
  })
  await transferFromReception()
  await addDailyWork(now)
  await addRecentGroupSession(now)
  await freezePreviousYear(now)
  return summary
}

/**
 * After distribution, EAE cases move to the district offices: the EAE's team lead has just
 * transferred one to Rostock and one to Greifswald (each waits in the receiving team's queue), and
 * the EAE counsellor asks for a third to go to Rostock (the request waits on the EAE lead's page).
 * Through the app's own functions, so the history, notices and audit log are as in real use.
 */
async function transferFromReception() {
  const teams = await prisma.team.findMany({ select: { id: true, name: true, kind: true } })
  const eae = teams.find((team) => team.kind === 'EAE')
  const rostock = teams.find((team) => team.name.includes('Rostock'))
  const greifswald = teams.find((team) => team.name.includes('Greifswald'))
  if (!eae || !rostock || !greifswald) return
  const staff = {
    where: { teamId: eae.id, active: true },
    select: { id: true, teamId: true },
    orderBy: { email: 'asc' as const },
  }
  const lead = await prisma.user.findFirst({ ...staff, where: { ...staff.where, role: 'TEAM_LEAD' } })
  const counsellor = await prisma.user.findFirst({ ...staff, where: { ...staff.where, role: 'COUNSELLOR' } })
  if (!lead || !counsellor) return
  const candidates = await prisma.case.findMany({
    where: { teamId: eae.id, status: 'ACTIVE', counsellorId: counsellor.id },
    select: { id: true, version: true },
    orderBy: { openedAt: 'desc' },
    take: 3,
  })
  const [toRostock, toGreifswald, requested] = candidates
  for (const [kase, toTeamId] of [
    [toRostock, rostock.id],
    [toGreifswald, greifswald.id],
  ] as const) {
    if (kase)
      await completeTransfer({
        caseId: kase.id,
        fromTeamId: eae.id,
        actor: lead,
        input: { toTeamId, reason: 'DISTRIBUTION', version: kase.version },
      })
  }
  if (requested) {
    await requestTransfer({
      caseId: requested.id,
      fromTeamId: eae.id,
      actor: counsellor,
      input: { toTeamId: rostock.id, reason: 'MOVE', version: requested.version },
    })
  }
}

/** Per team: two open cases back in the queue, and follow-ups due today and overdue for each of its staff. */
async function addDailyWork(now: Date) {
  const { day } = officeToday(now)
  const teams = await prisma.team.findMany({ select: { id: true }, orderBy: { name: 'asc' } })
  let note = 0
  for (const team of teams) {
    const staff = await prisma.user.findMany({
      where: { teamId: team.id, active: true, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } },
      select: { id: true, role: true },
      orderBy: { email: 'asc' },
    })
    const select = { id: true, counsellorId: true, openedAt: true, sharedForSubstitution: true } as const
    const where = { teamId: team.id, status: { not: 'CLOSED' }, counsellorId: { not: null } }
    // The team lead's queue: the two newest cases nobody has seen yet wait for an assignment. The
    // generator's cases nearly all have contacts by the time the demo starts: where fewer than two
    // are unseen, the newest other open cases come back to the queue, through the team lead's
    // reassignment to nobody (history, follow-ups and audit as in real use), so that every team lead
    // has cases to assign on the first sign-in. Never a case whose counsellor has just asked for its
    // transfer (transferFromReception): that request waits on the lead's page.
    const queueable = { ...where, transfers: { none: { status: 'REQUESTED' } } }
    const unseen = await prisma.case.findMany({
      where: { ...queueable, contacts: { none: {} } },
      select,
      orderBy: { openedAt: 'desc' },
      take: 2,
    })
    for (const kase of unseen) {
      await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: null } })
      await prisma.assignment.deleteMany({ where: { caseId: kase.id } })
      // The demo rewrites these cases' story: never assigned (their assignments deleted), so they did not come back to
      // the queue either. The update above was a hand-back to decision 245's triggers, stamped with the seed's moment
      // ("since today, back in the queue" on the first sign-in); the return is taken back and the wait starts, as
      // the triggers' one expression says for a case without a return, at its opening or its last transfer in.
      await prisma.$executeRaw`UPDATE "Case" SET "requeuedAt" = NULL, "queueSince" = MAX("openedAt", COALESCE((
          SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
          WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"))
        WHERE "id" = ${kase.id}`
      await prisma.followUp.updateMany({
        where: { caseId: kase.id, doneAt: null },
        data: { assigneeId: null },
      })
    }
    const lead = staff.find((member) => member.role === 'TEAM_LEAD')
    if (lead && unseen.length < 2) {
      const worked = await prisma.case.findMany({
        where: { ...queueable, id: { notIn: unseen.map((kase) => kase.id) } },
        select: { id: true, version: true },
        orderBy: [{ openedAt: 'desc' }, { id: 'asc' }],
        take: 2 - unseen.length,
      })
      for (const kase of worked)
        await reassignCase({ caseId: kase.id, teamId: team.id, version: kase.version, counsellorId: null, note: null }, lead.id)
    }
    const working = await prisma.case.findMany({ where, select, orderBy: { openedAt: 'desc' } })
    for (const member of staff) {
      // A team lead works some cases too; a counsellor's own cases come first, else the team's shared ones — never
      // a colleague's case they may not read (decision 203: a follow-up is for someone who can see it).
      const own = working.filter((kase) => kase.counsellorId === member.id)
      const readable = member.role === 'TEAM_LEAD' ? working : working.filter((kase) => kase.counsellorId === member.id || kase.sharedForSubstitution)
      const pool = own.length >= 2 ? own : readable
      const picks = [pool[note % pool.length], pool[(note + 1) % pool.length]]
      for (const [index, kase] of picks.entries()) {
        if (!kase) continue
        const due = addDays(day, index === 0 ? 0 : -(3 + (note % 5)))
        await prisma.followUp.create({
          data: {
            caseId: kase.id,
            source: 'MANUAL',
            dueDate: parseDay(due)!,
            note: FOLLOW_UP_NOTES[note % FOLLOW_UP_NOTES.length]!,
            assigneeId: member.id,
            createdAt: new Date(Math.max(kase.openedAt.getTime(), now.getTime() - 14 * 86_400_000)),
          },
        })
        note += 1
      }
      // The newest assignment waits in the counsellor's inbox as "new".
      const latest = await prisma.assignment.findFirst({
        where: { toUserId: member.id, case: { status: { not: 'CLOSED' } } },
        orderBy: { at: 'desc' },
        select: { id: true },
      })
      if (latest) await prisma.assignment.update({ where: { id: latest.id }, data: { readAt: null } })
    }
  }
}

/**
 * Last week's group evening in the first district office, recorded by its demo counsellor with
 * three of their open cases and two people without a case file, so that a demo counsellor sees a
 * recent group session in their cases' timelines and may correct it (the generator's weekly groups
 * are older and recorded by synthetic staff).
 */
async function addRecentGroupSession(now: Date) {
  const team = await prisma.team.findFirst({ where: { kind: { not: 'EAE' }, active: true }, select: { id: true }, orderBy: { name: 'asc' } })
  if (!team) return
  const counsellor = await prisma.user.findFirst({
    where: { teamId: team.id, role: 'COUNSELLOR', active: true, email: { endsWith: `@${DEMO_ACCOUNT_DOMAIN}` } },
    select: { id: true },
    orderBy: { email: 'asc' },
  })
  if (!counsellor) return
  const day = addDays(officeToday(now).day, -7)
  const cases = await prisma.case.findMany({
    where: { teamId: team.id, counsellorId: counsellor.id, status: 'ACTIVE', openedAt: { lt: parseDay(day)! } },
    select: { id: true, programme: true },
    orderBy: { openedAt: 'desc' },
    take: 3,
  })
  if (cases.length === 0) return
  const topic = await prisma.catalogueEntry.findFirst({ where: { catalogue: 'TOPIC', code: 'HOUSING' }, select: { id: true } })
  await prisma.$transaction(async (tx) => {
    await tx.groupSession.create({
      data: {
        teamId: team.id,
        programme: cases[0]!.programme,
        date: parseDay(day)!,
        startTime: '17:00',
        durationMinutes: 90,
        mode: 'OFFICE',
        description: 'Wohnungssuche: Unterlagen, Besichtigung, Mietvertrag',
        anonymousParticipants: 2,
        createdById: counsellor.id,
        participants: { create: cases.map((kase) => ({ caseId: kase.id })) },
        topics: topic ? { create: [{ topicId: topic.id }] } : undefined,
      },
    })
    for (const kase of cases) await refreshContactDates(tx, kase.id)
  })
}

/** The previous year as the administrator would have closed it in January: published, unchanged since. */
async function freezePreviousYear(now: Date) {
  const admin = await prisma.user.findFirst({
    where: { role: 'ADMIN', active: true },
    select: { id: true, displayName: true },
    orderBy: { email: 'asc' },
  })
  if (!admin) return
  await freezeYear(now.getUTCFullYear() - 1, admin)
}
