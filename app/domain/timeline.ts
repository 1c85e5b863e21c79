// The kinds of case timeline entries and how they are merged (pure; the queries live in
// app/models/timeline.server.ts). Client-safe: the timeline page's filter uses the kinds.

export const TIMELINE_KINDS = ['contact', 'status', 'residence', 'programme', 'plan', 'assignment', 'transfer', 'referral', 'consent', 'mediation'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export const TIMELINE_PAGE_SIZE = 50
/** Upper bound for "show more": beyond it the page would get slow and nobody scrolls that far. */
export const TIMELINE_MAX_LIMIT = 1000

type Base = { id: string; at: string }
export type TimelineEntry =
  | (Base & { kind: 'contact'; contactId: string; durationMinutes: number; mode: string; topics: string[]; authorName: string | null; hasConfidentialNote: boolean })
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

/** Newest first; equal times keep a stable order (kind, then id) so pages do not jump. */
export function mergeTimeline(lists: TimelineEntry[][], limit: number): { entries: TimelineEntry[]; hasMore: boolean } {
  const all = lists.flat().sort((a, b) => {
    if (a.at !== b.at) return a.at < b.at ? 1 : -1
    if (a.kind !== b.kind) return TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind)
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
  })
  return { entries: all.slice(0, limit), hasMore: all.length > limit }
}
