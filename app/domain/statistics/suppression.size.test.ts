// Suppression at the size of a real export (the 2025 organisation of the benchmark dataset and one
// of its teams): both audits of S3 find nothing, and the solver time is printed — a micro check,
// never a timed assertion (performance targets live in `npm run bench`).
import loadHighs from 'highs'
import { beforeAll, describe, expect, test } from 'vitest'
import { CONTACT_MODES, CONTACT_SETTINGS, COST_BEARERS, GENDERS, MEDIATION_MODES, PROVIDER_KINDS, REFERRAL_KINDS } from '../codes.ts'
import { AGE_BANDS, REFERRAL_OUTCOMES, RESIDENCE_ROWS, STAY_BANDS, type StatisticsAggregates } from './aggregates.ts'
import { type LpSolver } from './optimal-suppression.ts'
import { publishWithOutcomes } from './present.ts'
import { auditSuppression } from './suppression.ts'

let solver: LpSolver
beforeAll(async () => {
  solver = await loadHighs()
  // Compiling the solver's WebAssembly happens once per process; keep it out of the printed times.
  publishWithOutcomes(syntheticAggregates(500, 1, 2023), null, { k: 3, method: 'suppress' }, solver)
})

/** Deterministic pseudo-random numbers (a linear congruential generator), so every run sees the same tables. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/**
 * Aggregates shaped like a year of `persons` clients: skewed marginals with long tails of small
 * cells (nationalities, languages, referral kinds), as the synthetic benchmark data has them.
 */
function syntheticAggregates(persons: number, seed: number, year: number): StatisticsAggregates {
  const next = random(seed)
  const split = (total: number, weights: number[]) => {
    const sum = weights.reduce((a, b) => a + b, 0)
    const parts = weights.map((weight) => Math.floor((total * weight) / sum))
    parts[0]! += total - parts.reduce((a, b) => a + b, 0)
    return parts
  }
  const zipf = (count: number, exponent = 1.6) => Array.from({ length: count }, (_, index) => 1 / (index + 1) ** exponent)
  const genderWeights = [45, 52, 0.02, 2.7]
  const bandWeights = [12, 8, 22, 20, 17, 11, 6, 4]
  const genderAge = GENDERS.flatMap((gender, g) =>
    split(Math.round((persons * genderWeights[g]!) / 100), bandWeights.map((weight) => weight * (0.7 + next() * 0.6))).map((clients, b) => ({ gender, band: AGE_BANDS[b]!, clients })),
  )
  const clients = genderAge.reduce((sum, entry) => sum + entry.clients, 0)
  const nationalityCodes = ['SY', 'AF', 'UA', 'IQ', 'TR', 'IR', 'RU', 'ER', 'SO', 'GE', 'NG', 'XU', 'VN', 'PK', 'DZ', 'MA', 'EG', 'LB', 'YE', 'SD', 'AM', 'AZ', 'GN', 'CM', 'TN']
  const districts = ['SN', 'HRO', 'LRO', 'LUP', 'NWM', 'MSE', 'VG', 'VR', 'OTHER_LAND', 'ABROAD']
  const topics = ['RESIDENCE_ASYLUM', 'LANGUAGE_COURSE', 'WORK', 'RECOGNITION', 'SCHOOL', 'HOUSING', 'BENEFITS', 'HEALTH', 'TRAUMA', 'FAMILY', 'REUNIFICATION', 'DEBTS', 'VIOLENCE', 'EVERYDAY', 'PARTICIPATION', 'RETURN']
  const reasons = ['GOALS_ACHIEVED', 'HANDED_OVER', 'PROGRAMME_CHANGE', 'MOVED', 'BROKEN_OFF', 'ENDED_BY_OFFICE', 'DEPARTURE', 'FUNDING_EXCEEDED', 'DEATH', 'OTHER']
  const languages = ['arb', 'prs', 'ukr', 'rus', 'tur', 'kmr', 'pus', 'tir', 'fas', 'som', 'fra', 'eng', 'vie', 'urd', 'kat', 'hye', 'aze', 'amh', 'ckb', 'sqi']
  const cases = Math.round(persons * 1.12)
  const closed = Math.round(cases * 0.4)
  const contacts = cases * 4
  const referrals = Math.round(cases * 0.3)
  const mediations = Math.round(cases * 0.15)
  const labelled = (codes: string[]) => codes.map((code) => ({ code, de: code, en: code }))
  const referralCells = split(referrals, zipf(REFERRAL_KINDS.length, 2.6)).flatMap((total, k) =>
    split(total, [30, 10, 40, 8, 5, 7].map((weight) => weight * (0.5 + next()))).map((count, o) => ({ kind: REFERRAL_KINDS[k]!, outcome: REFERRAL_OUTCOMES[o]!, referrals: count })),
  )
  const mediationSection = <T extends string>(section: 'language' | 'mode' | 'provider' | 'bearer', codes: readonly T[], weights: number[]) =>
    split(mediations, weights).map((assignments, index) => ({ section, code: codes[index]!, assignments, minutes: assignments * 55, costCents: assignments * 4200 }))
  const median = (n: number) => ({ median: n ? 20 + Math.floor(next() * 40) + (next() < 0.5 ? 0.5 : 0) : null, n })
  return {
    version: 1,
    year,
    keyFigures: { clients, cases, newCases: Math.round(cases * 0.6), continuingCases: cases - Math.round(cases * 0.6), closedCases: closed, familyMembers: Math.round(cases * 0.3), contacts, minutes: contacts * 47, anonymousInquiries: Math.round(cases * 0.05) },
    genderAge,
    nationality: split(clients, zipf(nationalityCodes.length)).map((count, index) => ({ code: nationalityCodes[index]!, clients: count })),
    residenceGroup: split(clients, [50, 30, 10, 9, 1]).map((count, index) => ({ group: RESIDENCE_ROWS[index]!, clients: count })),
    durationOfStay: split(clients, [55, 30, 13, 2]).map((count, index) => ({ band: STAY_BANDS[index]!, clients: count })),
    district: split(clients, [...districts.map((_, index) => (index < 8 ? 10 + index : 0.02)), 0.5]).map((count, index) => ({ code: [...districts, 'UNKNOWN'][index]!, clients: count })),
    contacts: CONTACT_MODES.flatMap((mode, m) =>
      CONTACT_SETTINGS.map((setting, s) => {
        const count = Math.round((contacts / CONTACT_MODES.length) * (m < 4 ? 1.6 : 0.2) * (s === 0 ? 0.97 : 0.03 * next()))
        return { mode, setting, contacts: count, minutes: count * 47 }
      }),
    ),
    topics: topics.map((code, index) => ({ code, mentions: Math.round((contacts * 0.3) / (index + 1)), cases: Math.round((cases * 0.5) / (index + 1)) })),
    topicCasesAny: Math.round(cases * 0.9),
    closureReasons: split(closed, [...zipf(reasons.length - 1), 0.001]).map((count, index) => ({ code: reasons[index]!, cases: count })),
    referrals: referralCells,
    referralWaits: [null, ...REFERRAL_KINDS].map((kind) => ({ kind, toClearing: median(5), toAdmission: median(4) })),
    mediation: [
      ...mediationSection('language', languages, zipf(languages.length, 2.6)),
      ...mediationSection('mode', MEDIATION_MODES, [60, 30, 10]),
      ...mediationSection('provider', PROVIDER_KINDS, [50, 30, 15, 5]),
      ...mediationSection('bearer', [...COST_BEARERS, 'UNKNOWN'], [40, 30, 10, 8, 1, 0.5, 0.3]),
    ],
    further: { contactsInterpreted: Math.round(contacts * 0.3), daysToFirstContact: median(cases), newCasesEae: Math.round(cases * 0.2), cmCases: Math.round(cases * 0.4), cmCasesWithPlan: Math.round(cases * 0.3), plansClosed: Math.round(cases * 0.1) },
    catalogues: { district: labelled(districts), topic: labelled(topics), closureReason: labelled(reasons) },
  }
}

describe('suppression at export size (S3)', () => {
  for (const [scope, persons] of [
    ['organisation (≈ 40,000 clients)', 40_000],
    ['one team (≈ 3,000 clients)', 3_000],
  ] as const) {
    test(`${scope}: audits find nothing; solver time printed`, () => {
      const current = syntheticAggregates(persons, 2025, 2025)
      const previous = syntheticAggregates(Math.round(persons * 0.9), 2024, 2024)
      const rule = { k: 3, method: 'suppress' as const }
      const started = performance.now()
      const cpu = process.cpuUsage()
      const { cells, constraints, outcomes } = publishWithOutcomes(current, previous, rule, solver)
      const used = process.cpuUsage(cpu)
      const elapsed = performance.now() - started
      const statuses = [...outcomes.values()].map((outcome) => outcome.status)
      console.info(
        `suppression ${scope}: ${cells.size} cells, ${constraints.length} equations, ${statuses.filter((s) => s === 'primary').length} primary, ` +
          `${statuses.filter((s) => s === 'secondary').length} secondary — ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, ${elapsed.toFixed(0)} ms wall (tables, MIP and interval check)`,
      )
      expect(statuses.filter((status) => status === 'primary').length).toBeGreaterThan(0)
      expect(auditSuppression(cells, constraints, outcomes, rule.k, solver)).toEqual({ recomputed: [], narrowed: [] })
    }, 120_000)
  }
})
