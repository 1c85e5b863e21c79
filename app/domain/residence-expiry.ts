// An expiring residence title is a deadline for the client (renewal at the immigration office takes
// weeks), so an expiry date creates a follow-up for the case counsellor ahead of it.
import { officeDay, parseDay } from '#app/domain/follow-up.ts'

/**
 * Lead time before the expiry date. Six weeks: immigration offices in MV ask for renewal applications
 * well before expiry and appointments are booked weeks ahead; a Fiktionsbescheinigung only covers a
 * timely application.
 */
export const RESIDENCE_EXPIRY_LEAD_DAYS = 42

const DAY_MS = 24 * 60 * 60 * 1000

/** Due date of the follow-up: six weeks before expiry, or today when that is already past. */
export function residenceFollowUpDue(expiresAt: Date, today: Date): Date {
  const due = new Date(expiresAt.getTime() - RESIDENCE_EXPIRY_LEAD_DAYS * DAY_MS)
  const startOfToday = parseDay(officeDay(today))!
  return due < startOfToday ? startOfToday : due
}
