// Extra accounts for browser tests that change account state (lock-out, password change).
import { prisma } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { E2E_ACCOUNTS, E2E_PASSWORD } from './accounts.ts'

export async function seedE2eFixtures() {
  const team = await prisma.team.findUniqueOrThrow({ where: { name: 'Beratungsstelle Greifswald' }, select: { id: true } })
  const hash = await hashPassword(E2E_PASSWORD)
  for (const [key, email] of Object.entries(E2E_ACCOUNTS)) {
    await prisma.user.create({
      data: {
        email,
        displayName: `E2E ${key}`,
        role: 'COUNSELLOR',
        teamId: team.id,
        mustChangePassword: key === 'forcedChange',
        password: { create: { hash } },
      },
    })
  }
}
