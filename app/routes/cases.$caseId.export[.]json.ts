import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getSubjectAccessFile } from '#app/models/subject-access.server.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'

// Data-subject access (Art. 15) as a machine-readable file. Only the assigned counsellor (or the
// active substitute) — the people who may also reveal the identity key.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'reveal-identity')
  const file = await getSubjectAccessFile({ actor: user, caseId: access.id, language: await getLanguage(request), format: 'json' })
  const name = `auskunft-${file.client.pseudonymCode}-${file.generatedAt.slice(0, 10)}.json`.replace(/[^\w.-]/g, '_')
  return new Response(JSON.stringify(file, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  })
}
