import { type LoaderFunctionArgs } from '@remix-run/node'
import { templateCsv } from '#app/domain/case-import.ts'
import { requireRole } from '#app/utils/auth.server.ts'

// The template of the go-live import (decision 039). With a BOM, so that Excel opens the umlauts of
// the headers right on a double click (decision 009).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  return new Response(`\uFEFF${templateCsv()}`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="wegbegleiter-import-vorlage.csv"',
      'Cache-Control': 'no-store',
    },
  })
}
