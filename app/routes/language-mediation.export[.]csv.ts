import { type LoaderFunctionArgs } from '@remix-run/node'
import { centsToEuros } from '#app/domain/money.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { auditMediationExport, mediationOverview, parseOverviewYear } from '#app/models/language-mediation.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { csvHeaders, fixed, toCsv, type CsvCell } from '#app/utils/csv.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'

/**
 * Hours and cost of language mediation for funder accounting: aggregates per month, language,
 * mode and cost bearer of the cases the user may see — no pseudonym codes, no free text.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const [t, language] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const year = parseOverviewYear(new URL(request.url).searchParams.get('year'))
  const overview = await mediationOverview(await visibleCasesWhere(user), year)
  const header: CsvCell[] = [
    t('mediation.csv.month'),
    t('mediation.csv.language'),
    t('mediation.csv.languageCode'),
    t('mediation.csv.mode'),
    t('mediation.csv.costBearer'),
    t('mediation.csv.assignments'),
    t('mediation.csv.hours'),
    t('mediation.csv.cost'),
  ]
  const rows: CsvCell[][] = overview.detail.map((row) => [
    `${year}-${row.month}`,
    languageName(row.languageCode, language),
    row.languageCode,
    t(`codes:mediationMode.${row.mode}`),
    row.costBearer ? t(`codes:costBearer.${row.costBearer}`) : t('mediation.overview.notStated'),
    row.count,
    fixed(row.minutes / 60, 2),
    fixed(centsToEuros(row.costCents), 2),
  ])
  const total: CsvCell[] = [t('mediation.csv.total'), null, null, null, null, overview.total.count, fixed(overview.total.minutes / 60, 2), fixed(centsToEuros(overview.total.costCents), 2)]
  const body = toCsv([header, ...rows, total], { decimalComma: true })
  await auditMediationExport(user, { year, format: 'csv', rows: rows.length })
  const filename = `${language === 'en' ? 'language-mediation' : 'sprachmittlung'}-${year}.csv`
  return new Response(body, { headers: csvHeaders(filename) })
}
