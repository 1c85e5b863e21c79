// Extra accounts for browser tests that change account state (lock-out, password change, enrolment).
import { prisma } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { E2E_ACCOUNTS, E2E_PASSWORD, E2E_TOTP_SECRETS } from './accounts.ts'

export async function seedE2eFixtures() {
  const team = await prisma.team.findUniqueOrThrow({ where: { name: 'Beratungsstelle Greifswald' }, select: { id: true } })
  const hash = await hashPassword(E2E_PASSWORD)
  for (const [key, email] of Object.entries(E2E_ACCOUNTS)) {
    const user = await prisma.user.create({
      data: {
        email,
        displayName: `E2E ${key}`,
        role: 'COUNSELLOR',
        teamId: team.id,
        mustChangePassword: key === 'forcedChange',
        password: { create: { hash } },
      },
      select: { id: true },
    })
    const secret = E2E_TOTP_SECRETS[key as keyof typeof E2E_ACCOUNTS]
    if (secret) await prisma.totpCredential.create({ data: { userId: user.id, secret, confirmedAt: new Date() } })
  }
}
