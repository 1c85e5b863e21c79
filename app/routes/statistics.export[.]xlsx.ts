import { type LoaderFunctionArgs } from '@remix-run/node'
import { toXlsx } from '#app/domain/statistics/xlsx.ts'
import { requireStatisticsDownload, statisticsFileResponse } from '#app/models/statistics-download.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { tables, meta, filename } = await requireStatisticsDownload(request, 'xlsx')
  return statisticsFileResponse(new Uint8Array(await toXlsx(tables, meta)), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename)
}
