import { type LoaderFunctionArgs } from '@remix-run/node'
import { toCsv } from '#app/domain/statistics/export.ts'
import { requireStatisticsDownload, statisticsFileResponse } from '#app/models/statistics-download.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { tables, meta, filename } = await requireStatisticsDownload(request, 'csv')
  return statisticsFileResponse(toCsv(tables, meta), 'text/csv; charset=utf-8', filename)
}
