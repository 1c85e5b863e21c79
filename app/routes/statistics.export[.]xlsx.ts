import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireStatisticsDownload, statisticsFileResponse, statisticsWorkbook } from '#app/models/statistics-download.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { tables, meta, filename } = await requireStatisticsDownload(request, 'xlsx')
  return statisticsFileResponse(new Uint8Array(await statisticsWorkbook(tables, meta)), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename)
}
