// The case timeline: everything that happened to a case, newest first. Each source table is
// queried with a tight select and at most `limit + 1` rows (all through indexes on caseId/at), then
// merged here. Of a contact's confidential note the timeline carries only whether there is one (for
// every viewer alike); its text stays on the contact's own page, for those who may read it.
import { mergeTimeline, TIMELINE_KINDS, TIMELINE_MAX_LIMIT, TIMELINE_PAGE_SIZE, type TimelineEntry, type TimelineKind } from '#app/domain/timeline.ts'
import { prisma } from '#app/utils/db.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

/**
 * The timeline of one case. `kinds` limits the sources (the filter of the page); the access check
 * is the caller's (requireCaseAccess).
 */
export async function getTimeline(caseId: string, { kinds = TIMELINE_KINDS, limit = TIMELINE_PAGE_SIZE, language = 'de' }: { kinds?: readonly TimelineKind[]; limit?: number; language?: string } = {}) {
  const take = Math.min(Math.max(1, limit), TIMELINE_MAX_LIMIT) + 1
  const want = (kind: TimelineKind) => kinds.includes(kind)
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { clientId: true } })

  const [contacts, groups, statusChanges, residence, programmes, goals, goalChanges, assignments, transfers, referralTransitions, consentsGiven, consentsWithdrawn, mediationTransitions] =
    await Promise.all([
      want('contact')
        ? prisma.contact.findMany({
            where: { caseId },
            select: {
              id: true,
              date: true,
              durationMinutes: true,
              mode: true,
              confidentialNote: true,
              author: { select: { displayName: true } },
              topics: { select: { topic: { select: { labelDe: true, labelEn: true } } } },
            },
            orderBy: [{ date: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('group')
        ? prisma.groupSession.findMany({
            where: { participants: { some: { caseId } } },
            select: {
              id: true,
              date: true,
              durationMinutes: true,
              mode: true,
              anonymousParticipants: true,
              topics: { select: { topic: { select: { labelDe: true, labelEn: true } } } },
              _count: { select: { participants: true } },
            },
            orderBy: [{ date: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('status')
        ? prisma.caseStatusChange.findMany({
            where: { caseId },
            select: { id: true, fromStatus: true, toStatus: true, at: true, byUserId: true, closureReason: { select: { labelDe: true, labelEn: true } } },
            orderBy: [{ at: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('residence')
        ? prisma.residenceStatusEntry.findMany({
            where: { clientId: kase.clientId },
            select: { id: true, validFrom: true, expiresAt: true, status: { select: { labelDe: true, labelEn: true, group: true } } },
            orderBy: [{ validFrom: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('programme')
        ? prisma.programmePeriod.findMany({ where: { caseId }, select: { id: true, programme: true, validFrom: true }, orderBy: [{ validFrom: 'desc' }, { id: 'desc' }], take })
        : [],
      want('plan')
        ? prisma.planGoal.findMany({
            where: { plan: { caseId } },
            select: { id: true, text: true, createdAt: true, topic: { select: { labelDe: true, labelEn: true } } },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('plan')
        ? // The case's goals first (a handful, by index): filtered through the relation, SQLite
          // walked every goal change of every case (84 ms at 135,000 changes).
          prisma.planGoal.findMany({ where: { plan: { caseId } }, select: { id: true } }).then((goals) =>
            prisma.planGoalChange.findMany({
              where: { goalId: { in: goals.map((goal) => goal.id) } },
              select: { id: true, fromStatus: true, toStatus: true, at: true, byUserId: true, goal: { select: { topic: { select: { labelDe: true, labelEn: true } } } } },
              orderBy: [{ at: 'desc' }, { id: 'desc' }],
              take,
            }),
          )
        : [],
      want('assignment')
        ? prisma.assignment.findMany({
            where: { caseId },
            select: { id: true, at: true, fromUser: { select: { displayName: true } }, toUser: { select: { displayName: true } }, assignedBy: { select: { displayName: true } } },
            orderBy: [{ at: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('transfer')
        ? prisma.transfer.findMany({
            where: { caseId },
            select: { id: true, at: true, reason: true, status: true, fromTeam: { select: { name: true } }, toTeam: { select: { name: true } } },
            orderBy: [{ at: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('referral')
        ? prisma.referralTransition.findMany({
            where: { referral: { caseId } },
            select: {
              id: true,
              fromStatus: true,
              toStatus: true,
              at: true,
              byUserId: true,
              referral: { select: { id: true, kind: true, partner: { select: { name: true } } } },
            },
            orderBy: [{ at: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('consent')
        ? prisma.consent.findMany({
            where: { caseId },
            select: { id: true, givenAt: true, form: true, recipientKind: true, recipientPartner: { select: { name: true } } },
            orderBy: [{ givenAt: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('consent')
        ? prisma.consent.findMany({
            where: { caseId, withdrawnAt: { not: null } },
            select: { id: true, withdrawnAt: true, form: true, recipientKind: true, recipientPartner: { select: { name: true } } },
            orderBy: [{ withdrawnAt: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      want('mediation')
        ? prisma.mediationTransition.findMany({
            where: { mediation: { caseId } },
            select: { id: true, fromStatus: true, toStatus: true, at: true, byUserId: true, mediation: { select: { id: true, languageCode: true } } },
            orderBy: [{ at: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
    ])

  // byUserId columns carry no relation (the history must outlive a deleted user), so the names are
  // looked up in one query for all rows of this page.
  const userIds = [...new Set([...statusChanges, ...goalChanges, ...referralTransitions, ...mediationTransitions].map((row) => row.byUserId).filter((id): id is string => Boolean(id)))]
  const users = userIds.length ? await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }) : []
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null)

  const lists: TimelineEntry[][] = [
    contacts.map((contact) => ({
      kind: 'contact' as const,
      id: `contact-${contact.id}`,
      at: contact.date.toISOString(),
      contactId: contact.id,
      durationMinutes: contact.durationMinutes,
      mode: contact.mode,
      topics: contact.topics.map((item) => catalogueLabel(item.topic, language)),
      authorName: contact.author?.displayName ?? null,
      hasConfidentialNote: Boolean(contact.confidentialNote),
    })),
    // Of the other participants only their number: their codes are on the session's page, for
    // those cases the reader may open.
    groups.map((session) => ({
      kind: 'group' as const,
      id: `group-${session.id}`,
      at: session.date.toISOString(),
      groupSessionId: session.id,
      durationMinutes: session.durationMinutes,
      mode: session.mode,
      topics: session.topics.map((item) => catalogueLabel(item.topic, language)),
      participants: session._count.participants + session.anonymousParticipants,
    })),
    statusChanges.map((change) => ({
      kind: 'status' as const,
      id: `status-${change.id}`,
      at: change.at.toISOString(),
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      closureReason: change.closureReason ? catalogueLabel(change.closureReason, language) : null,
      byName: nameOf(change.byUserId),
    })),
    residence.map((entry) => ({
      kind: 'residence' as const,
      id: `residence-${entry.id}`,
      at: entry.validFrom.toISOString(),
      status: catalogueLabel(entry.status, language),
      group: entry.status.group,
      expiresAt: entry.expiresAt?.toISOString() ?? null,
    })),
    programmes.map((period) => ({ kind: 'programme' as const, id: `programme-${period.id}`, at: period.validFrom.toISOString(), programme: period.programme })),
    goals.map((goal) => ({
      kind: 'plan' as const,
      event: 'goalCreated' as const,
      id: `goal-${goal.id}`,
      at: goal.createdAt.toISOString(),
      topic: catalogueLabel(goal.topic, language),
      text: goal.text,
    })),
    goalChanges.map((change) => ({
      kind: 'plan' as const,
      event: 'goalStatus' as const,
      id: `goal-change-${change.id}`,
      at: change.at.toISOString(),
      topic: catalogueLabel(change.goal.topic, language),
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      byName: nameOf(change.byUserId),
    })),
    assignments.map((assignment) => ({
      kind: 'assignment' as const,
      id: `assignment-${assignment.id}`,
      at: assignment.at.toISOString(),
      fromName: assignment.fromUser?.displayName ?? null,
      toName: assignment.toUser?.displayName ?? null,
      byName: assignment.assignedBy?.displayName ?? null,
    })),
    transfers.map((transfer) => ({
      kind: 'transfer' as const,
      id: `transfer-${transfer.id}`,
      at: transfer.at.toISOString(),
      fromTeam: transfer.fromTeam.name,
      toTeam: transfer.toTeam.name,
      reason: transfer.reason,
      status: transfer.status,
    })),
    referralTransitions.map((transition) => ({
      kind: 'referral' as const,
      id: `referral-${transition.id}`,
      at: transition.at.toISOString(),
      referralId: transition.referral.id,
      referralKind: transition.referral.kind,
      partnerName: transition.referral.partner?.name ?? null,
      fromStatus: transition.fromStatus,
      toStatus: transition.toStatus,
      byName: nameOf(transition.byUserId),
    })),
    consentsGiven.map((consent) => ({
      kind: 'consent' as const,
      event: 'given' as const,
      id: `consent-given-${consent.id}`,
      at: consent.givenAt.toISOString(),
      consentId: consent.id,
      recipient: consent.recipientPartner?.name ?? null,
      recipientKind: consent.recipientKind,
      form: consent.form,
    })),
    consentsWithdrawn.map((consent) => ({
      kind: 'consent' as const,
      event: 'withdrawn' as const,
      id: `consent-withdrawn-${consent.id}`,
      at: consent.withdrawnAt!.toISOString(),
      consentId: consent.id,
      recipient: consent.recipientPartner?.name ?? null,
      recipientKind: consent.recipientKind,
      form: consent.form,
    })),
    mediationTransitions.map((transition) => ({
      kind: 'mediation' as const,
      id: `mediation-${transition.id}`,
      at: transition.at.toISOString(),
      mediationId: transition.mediation.id,
      language: languageName(transition.mediation.languageCode, language),
      fromStatus: transition.fromStatus,
      toStatus: transition.toStatus,
      byName: nameOf(transition.byUserId),
    })),
  ]

  const merged = mergeTimeline(lists, take - 1)
  return { entries: merged.entries, hasMore: merged.hasMore, limit: take - 1 }
}
