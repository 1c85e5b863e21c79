// The demo accounts' second-factor secrets are public (README): they must exist in demo mode only.
// Seeding without demo mode enrols no one with them — not even an account that happens to carry a
// demo address — and `npm run demo:totp` refuses to print codes outside demo mode.
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { runProcess } from '#tests/setup/run-process.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createUser } from '#tests/factories.ts'
import { DEMO_ACCOUNT_DOMAIN, DEMO_TOTP_SECRETS } from '../prisma/demo-totp.ts'
import { seed } from '../prisma/seed.ts'

const DEMO_ADMIN = `admin@${DEMO_ACCOUNT_DOMAIN}`

function demoTotp(email: string, appMode: string) {
  return runProcess(process.execPath, ['--import', 'tsx', path.resolve('scripts/demo-totp.ts'), email], {
    env: { ...process.env, APP_MODE: appMode },
  })
}

describe('demo second-factor secrets', () => {
  test('seeding outside demo mode: no demo accounts, no second factor with a published secret', async () => {
    // an account someone created with a demo address is not enrolled either
    const lookalike = await createUser({ email: DEMO_ADMIN })
    await seed({ demo: false })
    expect(await prisma.user.count({ where: { email: { endsWith: `@${DEMO_ACCOUNT_DOMAIN}` } } })).toBe(1)
    expect(await prisma.totpCredential.count()).toBe(0)
    expect(await prisma.user.findUniqueOrThrow({ where: { id: lookalike.id }, select: { totp: { select: { userId: true } } } })).toEqual({ totp: null })
  })

  test('seeding in demo mode enrols exactly the demo accounts', async () => {
    await seed({ demo: true, demoCases: false })
    const enrolled = await prisma.totpCredential.findMany({ select: { user: { select: { email: true } }, confirmedAt: true } })
    expect(enrolled.map((entry) => entry.user.email).sort()).toEqual(Object.keys(DEMO_TOTP_SECRETS).map((local) => `${local}@${DEMO_ACCOUNT_DOMAIN}`).sort())
    expect(enrolled.every((entry) => entry.confirmedAt !== null)).toBe(true)
  })

  test('npm run demo:totp refuses outside demo mode and prints nothing else', async () => {
    const refused = await demoTotp(DEMO_ADMIN, 'production')
    expect(refused.status).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr.trim()).toBe('Demo codes exist only in demo mode (APP_MODE=demo).')

    const code = await demoTotp(DEMO_ADMIN, 'demo')
    expect(code.status).toBe(0)
    expect(code.stdout).toMatch(new RegExp(`^\\d{6} {3}\\(${DEMO_ADMIN.replace(/\./g, '\\.')}, valid for \\d+ more seconds`))
  }, scaledAtStart(60_000))
})
