import { prisma } from '#app/utils/db.server.ts'

export async function loader() {
  try {
    await prisma.$queryRawUnsafe('SELECT 1')
    return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
  } catch {
    return new Response('database unavailable', { status: 503, headers: { 'Content-Type': 'text/plain' } })
  }
}
