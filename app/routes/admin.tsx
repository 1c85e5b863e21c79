import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { requireRole } from '#app/utils/auth.server.ts'

// Every page under /admin is for administrators; each child loader and action checks again,
// because a layout loader does not guard its children's actions.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  return null
}

export default function AdminLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
