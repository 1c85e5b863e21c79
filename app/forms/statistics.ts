// The statistics settings (suppression rule), the freezing or reopening of a year, and the year
// and scope a page or export asks for.
import { z } from 'zod'
import { officeYear } from '#app/domain/follow-up.ts'
import { statisticsScopeFor, type Actor } from '#app/domain/access-policy.ts'
import { PROGRAMMES } from '#app/domain/codes.ts'
import { FIRST_YEAR, type StatisticsScope } from '#app/domain/statistics/scope.ts'
import { MAX_K, MIN_K, SUPPRESSION_METHODS } from '#app/domain/statistics/suppression.ts'

export const SettingsSchema = z.object({
  intent: z.literal('settings'),
  k: z.number({ required_error: 'statistics:errors.kInvalid', invalid_type_error: 'statistics:errors.kInvalid' }).int('statistics:errors.kInvalid').min(MIN_K, 'statistics:errors.kInvalid').max(MAX_K, 'statistics:errors.kInvalid'),
  method: z.enum(SUPPRESSION_METHODS, { errorMap: () => ({ message: 'statistics:errors.methodInvalid' }) }),
})

export const YearActionSchema = z.object({ intent: z.enum(['freeze', 'reopen']), year: z.coerce.number().int().min(2000).max(9999) })

export type StatisticsQuery = { teamId: string | null } & (
  | { ok: true; year: number; scope: StatisticsScope }
  | { ok: false; error: 'yearInvalid' | 'programmeInvalid'; yearFrom: number; yearTo: number }
)

/**
 * Reads `year`, `team` and `programme` (PRODUCT.md §8) under the statistics policy: administrators
 * see the organisation and may pick a team, team leads only their own team (another team answers
 * 404, as if it did not exist). Unusable values are reported, never a 500.
 */
export function parseStatisticsQuery(params: URLSearchParams, user: Actor, now = new Date()): StatisticsQuery {
  const access = statisticsScopeFor(user)
  if (!access) throw new Response('Forbidden', { status: 403 })
  const yearTo = officeYear(now)
  const rawYear = params.get('year')?.trim() || String(yearTo)
  const rawTeam = params.get('team')?.trim() || null
  const rawProgramme = params.get('programme')?.trim() || null
  let teamId: string | null = access.kind === 'team' ? access.teamId : null
  if (rawTeam) {
    if (access.kind === 'team' && rawTeam !== access.teamId) throw new Response('Not found', { status: 404 })
    teamId = rawTeam
  }
  const year = /^\d{4}$/.test(rawYear) ? Number(rawYear) : NaN
  if (!(year >= FIRST_YEAR && year <= yearTo)) return { teamId, ok: false, error: 'yearInvalid', yearFrom: FIRST_YEAR, yearTo }
  if (rawProgramme && !(PROGRAMMES as readonly string[]).includes(rawProgramme)) return { teamId, ok: false, error: 'programmeInvalid', yearFrom: FIRST_YEAR, yearTo }
  return { teamId, ok: true, year, scope: { teamId, programme: rawProgramme } }
}
