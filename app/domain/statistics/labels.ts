// The published tables in the reader's language, and the texts every output prints with them:
// the rule, the scope, the frozen banner and an export's cover (PRODUCT.md §8).
import { type ExportMeta, type LabelledTable } from './export.ts'
import { type PublishedTable } from './present.ts'
import { type FrozenInfo, type StatisticsScope } from './scope.ts'
import { type SuppressionRule } from './suppression.ts'
import { type LabelRef } from './tables.ts'
import { formatDate } from '#app/utils/format.ts'
import { countryName, languageName } from '#app/utils/iso.ts'

export type Translate = (key: string, options?: Record<string, unknown>) => string

export function resolveLabel(label: LabelRef, t: Translate, language: string): string {
  if ('key' in label) return t(label.key)
  if ('text' in label) return language === 'en' ? label.text.en : label.text.de
  if ('country' in label) return countryName(label.country, language) || label.country
  return languageName(label.language, language) || label.language
}

export function labelTables(tables: PublishedTable[], t: Translate, language: string): LabelledTable[] {
  return tables.map((table) => ({
    ...table,
    title: resolveLabel(table.title, t, language),
    sheet: t(`sheets.${table.id}`),
    columns: table.columns.map((column) => ({ id: column.id, label: resolveLabel(column.label, t, language) })),
    rows: table.rows.map((row) => ({ ...row, label: resolveLabel(row.label, t, language) })),
  }))
}

/** The counting rules in words (docs/statistics.md in short), printed on the page and with every export. */
export const COUNTING_RULES = ['year', 'home', 'work', 'worked', 'closureOnly', 'persons', 'age', 'groups'] as const

export function countingRules(t: Translate): string[] {
  return COUNTING_RULES.map((key) => t(`countingRules.${key}`))
}

export function ruleText(rule: SuppressionRule, t: Translate, scope?: StatisticsScope) {
  const text = rule.method === 'round5' ? t('rule.round5', { k: rule.k }) : t('rule.suppress', { k: rule.k, max: rule.k - 1 })
  if (!scope) return text
  // S5: each export is protected on its own; combined with another scope's export of the same year
  // a suppressed value could be recovered by differencing (decision record 022).
  return `${text} ${t(scope.teamId || scope.programme ? 'rule.scopePart' : 'rule.scopeOrganisation')}`
}

export function scopeLabel(scope: StatisticsScope, teamName: string | null, t: Translate) {
  const parts = [teamName ? t('scope.team', { team: teamName }) : t('scope.organisation')]
  if (scope.programme) parts.push(t('scope.programme', { programme: t(`codes:programme.${scope.programme}`) }))
  return parts.join(' · ')
}

export function frozenText(frozen: FrozenInfo | null, t: Translate, language: string) {
  if (!frozen) return null
  return t('frozen.banner', { date: formatDate(frozen.at, language), name: frozen.byName ?? t('frozen.unknownUser') })
}

/** Why the year or programme asked for cannot be shown, in the reader's language. */
export function statisticsQueryError(query: { error: string; yearFrom: number; yearTo: number }, t: Translate) {
  return t(`errors.${query.error}`, { from: query.yearFrom, to: query.yearTo })
}

export type ExportFormat = 'csv' | 'xlsx' | 'json'

/**
 * An export's labelled tables, its cover (year, scope, time, rule, frozen banner) and file name,
 * from the published figures of one year and scope.
 */
export function exportDocument(
  figures: { year: number; scope: StatisticsScope; teamName: string | null; rule: SuppressionRule; frozen: FrozenInfo | null; tables: PublishedTable[] },
  { t, language, format, generatedAt = new Date() }: { t: Translate; language: string; format: ExportFormat; generatedAt?: Date },
) {
  const { year, scope, teamName } = figures
  const meta: ExportMeta = {
    year,
    scope: { label: scopeLabel(scope, teamName, t), team: teamName, programme: scope.programme },
    generatedAt,
    rule: figures.rule,
    ruleText: ruleText(figures.rule, t, scope),
    countingRules: countingRules(t),
    frozenText: frozenText(figures.frozen, t, language),
    labels: {
      title: t('exports.coverTitle'),
      year: t('exports.year'),
      scope: t('exports.scope'),
      generatedAt: t('exports.generatedAt'),
      rule: t('exports.rule'),
      countingRules: t('exports.countingRules'),
      frozen: t('exports.frozen'),
    },
  }
  const scopeSlug = teamName ? `team-${teamName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}` : 'organisation'
  const filename = `statistik-${year}-${scopeSlug}${scope.programme ? `-${scope.programme.toLowerCase()}` : ''}.${format}`
  return { tables: labelTables(figures.tables, t, language), meta, filename }
}
