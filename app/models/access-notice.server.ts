// Writes the four-eyes notices of an account change (decision 018, app/domain/access-grants.ts) in
// the transaction of the change. A notice names the account and the audit event; who did what is
// read from that event when the notice is shown. Returns how many notices were written.
import { accessNoticesFor, type AccountChange } from '#app/domain/access-grants.ts'
import { type TransactionClient } from '#app/utils/db.server.ts'

export async function notifyAccessChange(
  tx: TransactionClient,
  { change, subjectUserId, actorId, auditEventId }: { change: AccountChange; subjectUserId: string; actorId: string | null; auditEventId: number },
) {
  let told = 0
  for (const { kind, teamIds } of accessNoticesFor(change)) {
    const leads = teamIds.length
      ? await tx.user.findMany({ where: { teamId: { in: teamIds }, role: 'TEAM_LEAD', active: true, id: { not: subjectUserId } }, select: { id: true } })
      : []
    // A team without an active lead still gets four eyes: the other administrators are told.
    const witnesses =
      teamIds.length && leads.length === 0
        ? await tx.user.findMany({ where: { role: 'ADMIN', active: true, id: { notIn: [subjectUserId, ...(actorId ? [actorId] : [])] } }, select: { id: true } })
        : leads
    const recipients = [subjectUserId, ...witnesses.map((user) => user.id)]
    await tx.notification.createMany({ data: recipients.map((userId) => ({ userId, kind, subjectUserId, auditEventId })) })
    told += recipients.length
  }
  return told
}
