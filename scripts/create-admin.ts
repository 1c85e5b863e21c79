#!/usr/bin/env tsx
// `npm run user:create-admin -- --email a@b.de --name "Vorname Name" [--team "Verwaltung"]`
// Creates the first administrator (production mode has no demo users). Prints a one-time code
// (24 hours, works once) with which the person sets their password at /password/set — the same way
// as every account an administrator creates (decision 018); the team is created when it does not
// exist yet.
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { issuePasswordSetCode } from '#app/models/password-set-code.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { EmailSchema } from '#app/forms/fields.ts'

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, team: { type: 'string', default: 'Verwaltung' } },
})
const parsed = z
  .object({ email: EmailSchema, name: z.string().trim().min(2).max(100), team: z.string().trim().min(2).max(100) })
  .safeParse(values)
if (!parsed.success) {
  console.error('Usage: npm run user:create-admin -- --email <address> --name "<display name>" [--team "<team name>"]')
  process.exit(2)
}
const { email, name, team: teamName } = parsed.data
if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) {
  console.error(`A user with the address ${email} exists already.`)
  process.exit(1)
}
const { user, code, expiresAt } = await prisma.$transaction(async (tx) => {
  const team = (await tx.team.findUnique({ where: { name: teamName }, select: { id: true } })) ?? (await tx.team.create({ data: { name: teamName, kind: 'REGIONAL' }, select: { id: true } }))
  const created = await tx.user.create({ data: { email, displayName: name, role: 'ADMIN', teamId: team.id }, select: { id: true } })
  await audit({ action: 'user.create-admin', entity: 'user', entityId: created.id, details: { via: 'command line', role: 'ADMIN', teamId: team.id } }, tx)
  return { user: created, ...(await issuePasswordSetCode(tx, { userId: created.id, purpose: 'ACCOUNT_CREATED', createdById: null })) }
})
console.log(`Administrator ${email} created (id ${user.id}).`)
console.log(`One-time code: ${code}`)
console.log(`Open /password/set in the browser and set the password with this code. It works once, until ${expiresAt.toISOString()}.`)
await prisma.$disconnect()
