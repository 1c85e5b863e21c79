import { type LoaderFunctionArgs } from '@remix-run/node'
import { toJson } from '#app/domain/statistics/export.ts'
import { requireStatisticsDownload, statisticsFileResponse } from '#app/models/statistics-download.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { tables, meta, filename } = await requireStatisticsDownload(request, 'json')
  return statisticsFileResponse(JSON.stringify(toJson(tables, meta), null, 2), 'application/json; charset=utf-8', filename)
}
