import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { subjectAccessZip } from '#app/models/subject-access.server.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'

// Data-subject access (Art. 15) with the documents: a ZIP of the JSON file and the decrypted
// documents. The same people as the JSON: the assigned counsellor and the active substitute.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'reveal-identity')
  const { file, stream } = await subjectAccessZip({ actor: user, caseId: access.id, language: await getLanguage(request) })
  const name = `auskunft-${file.client.pseudonymCode}-${file.generatedAt.slice(0, 10)}.zip`.replace(/[^\w.-]/g, '_')
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  })
}
