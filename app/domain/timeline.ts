// The kinds of case timeline entries and how they are merged (pure; the queries live in
// app/models/timeline.server.ts). Client-safe: the timeline page's filter uses the kinds.
import { dayKey } from './referral-lifecycle.ts'

export const TIMELINE_KINDS = ['contact', 'group', 'status', 'residence', 'programme', 'plan', 'assignment', 'transfer', 'referral', 'consent', 'mediation'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export const TIMELINE_PAGE_SIZE = 50
/** Upper bound for "show more": beyond it the page would get slow and nobody scrolls that far. */
export const TIMELINE_MAX_LIMIT = 1000

type Base = { id: string; at: string }
export type TimelineEntry =
  | (Base & { kind: 'contact'; contactId: string; durationMinutes: number; mode: string; topics: string[]; authorName: string | null; hasConfidentialNote: boolean })
  | (Base & { kind: 'group'; groupSessionId: string; durationMinutes: number; mode: string; topics: string[]; participants: number })
  | (Base & { kind: 'status'; fromStatus: string | null; toStatus: string; closureReason: string | null; byName: string | null })
  | (Base & { kind: 'residence'; status: string; group: string | null; expiresAt: string | null })
  | (Base & { kind: 'programme'; programme: string })
  | (Base & { kind: 'plan'; event: 'goalCreated'; topic: string; text: string })
  | (Base & { kind: 'plan'; event: 'goalStatus'; topic: string; fromStatus: string | null; toStatus: string; byName: string | null })
  | (Base & { kind: 'assignment'; fromName: string | null; toName: string | null; byName: string | null })
  | (Base & { kind: 'transfer'; fromTeam: string; toTeam: string; reason: string; status: string })
  | (Base & { kind: 'referral'; referralId: string; referralKind: string; partnerName: string | null; fromStatus: string | null; toStatus: string; byName: string | null })
  | (Base & { kind: 'consent'; event: 'given' | 'withdrawn'; consentId: string; recipient: string | null; recipientKind: string | null; form: string })
  | (Base & { kind: 'mediation'; mediationId: string; language: string; fromStatus: string | null; toStatus: string; byName: string | null })

/**
 * Entries that carry a calendar day without a time (decision 029: stored as UTC midnight of the day):
 * a contact, a group session, a residence status, a consent's signature.
 */
function isDateOnly(entry: TimelineEntry) {
  return entry.kind === 'contact' || entry.kind === 'group' || entry.kind === 'residence' || (entry.kind === 'consent' && entry.event === 'given')
}

/** The day an entry belongs to: a date-only entry's own day, a timed entry's day in Germany. */
function dayOf(entry: TimelineEntry) {
  return isDateOnly(entry) ? entry.at.slice(0, 10) : dayKey(new Date(entry.at))
}

type Keyed = { entry: TimelineEntry; day: string; dateOnly: boolean }

/**
 * Newest day first. Within a day the date-only entries come first (a contact of 10 March is not
 * "before" the status change at 14:00 that day just because it has no time), then the timed ones,
 * newest first; equal times keep a stable order (kind, then id) so pages do not jump.
 */
function newestFirst(a: Keyed, b: Keyed): number {
  if (a.day !== b.day) return a.day < b.day ? 1 : -1
  if (a.dateOnly !== b.dateOnly) return a.dateOnly ? -1 : 1
  if (a.entry.at !== b.entry.at) return a.entry.at < b.entry.at ? 1 : -1
  if (a.entry.kind !== b.entry.kind) return TIMELINE_KINDS.indexOf(a.entry.kind) - TIMELINE_KINDS.indexOf(b.entry.kind)
  return a.entry.id < b.entry.id ? 1 : a.entry.id > b.entry.id ? -1 : 0
}

/**
 * The lists merged in the order of `newestFirst`. Written out as loops with a module-level comparator
 * (issue 19, session 19): a callback created per call lives only for its request, and V8 drops its
 * optimised code at every full collection and compiles it again; a module-level function keeps it.
 */
export function mergeTimeline(lists: TimelineEntry[][], limit: number): { entries: TimelineEntry[]; hasMore: boolean } {
  const keyed: Keyed[] = []
  for (const list of lists) for (const entry of list) keyed.push({ entry, day: dayOf(entry), dateOnly: isDateOnly(entry) })
  keyed.sort(newestFirst)
  const all: TimelineEntry[] = []
  for (const { entry } of keyed) all.push(entry)
  return { entries: all.slice(0, limit), hasMore: all.length > limit }
}
