import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logout } from '#app/utils/auth.server.ts'

// Signing out is a POST: a GET must never change state (a prefetch or a link could sign people out).
export async function loader() {
  throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  return logout(request, '/login?reason=signed-out')
}
