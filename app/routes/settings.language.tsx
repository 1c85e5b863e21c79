import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { supportedLanguages } from '#app/locales/index.ts'
import { languageCookie } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'

export async function loader() {
  throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request)
  const language = String(form.get('language') ?? '')
  if (!(supportedLanguages as readonly string[]).includes(language)) throw new Response('Unknown language', { status: 400 })
  const redirectTo = safeRedirect(form.get('redirectTo'))
  throw redirect(redirectTo, { headers: { 'Set-Cookie': await languageCookie.serialize(language) } })
}
