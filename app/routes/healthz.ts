import { databaseReachable } from '#app/utils/db.server.ts'

export async function loader() {
  if (await databaseReachable()) return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
  return new Response('database unavailable', { status: 503, headers: { 'Content-Type': 'text/plain' } })
}
