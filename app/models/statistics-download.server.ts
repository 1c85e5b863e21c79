// What the three statistics downloads (CSV, XLSX, JSON) share before each writes its file format.
import { type ExportMeta, type LabelledTable } from '#app/domain/statistics/export.ts'
import { exportDocument, statisticsQueryError, type ExportFormat } from '#app/domain/statistics/labels.ts'
import { xlsxParts } from '#app/domain/statistics/xlsx.ts'
import { parseStatisticsQuery } from '#app/forms/statistics.ts'
import { exportStatistics } from '#app/models/statistics.server.ts'
import { requireTeamName } from '#app/models/team.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { zipArchive } from '#app/utils/zip.server.ts'

/**
 * A team lead or admin, the year and scope from the URL (a 400 in words when they are not valid),
 * the published figures with the download audited, and the labelled document with its file name.
 */
export async function requireStatisticsDownload(request: Request, format: ExportFormat) {
  const user = await requireRole(request, ['TEAM_LEAD', 'ADMIN'])
  const query = parseStatisticsQuery(new URL(request.url).searchParams, user)
  const teamName = await requireTeamName(query.teamId)
  const [t, language] = await Promise.all([getFixedT(request, 'statistics'), getLanguage(request)])
  if (!query.ok) throw new Response(statisticsQueryError(query, t), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const figures = await exportStatistics(user.id, format, query.year, query.scope)
  return exportDocument({ ...figures, teamName }, { t, language, format })
}

/** The file as an attachment; statistics are never cached (they hold counts of people). */
export function statisticsFileResponse(body: BodyInit, contentType: string, filename: string) {
  return new Response(body, {
    headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' },
  })
}

/** The XLSX file: the workbook's parts (app/domain/statistics/xlsx.ts) zipped, dated when the figures were made. */
export function statisticsWorkbook(tables: LabelledTable[], meta: ExportMeta): Promise<Buffer> {
  return zipArchive(
    xlsxParts(tables, meta).map((part) => ({ name: part.name, data: part.text })),
    meta.generatedAt,
  )
}
