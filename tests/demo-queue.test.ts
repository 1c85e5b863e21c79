// The demo's first sign-in (README, "Demo accounts"): every team lead has cases in the queue. Of the generator's
// cases the demo takes the newest unseen ones back as never assigned (their assignments deleted) and, where fewer
// than two are unseen, the lead hands worked ones back. Only the latter came back to the queue at the demo's start
// (decision 245); the never-assigned ones, and those the generator's history left in the queue (written without a
// return, as an import would), wait from their opening or last transfer in, without "back in the queue".
import { expect, test } from 'vitest'
import { seedDemoCases } from '../prisma/demo-data.ts'
import { seedDemoOrganisation, seedDemoUsers, seedTeams } from '../prisma/seed.ts'
import { prisma } from '#app/utils/db.server.ts'

test('the demo queue: never-assigned cases wait from their opening, only the lead\'s hand-backs are back in the queue', async () => {
  const teams = await prisma.team.findMany({ select: { id: true } })
  await seedDemoOrganisation()
  await seedDemoUsers(await seedTeams())
  const now = new Date()
  await seedDemoCases({ now })
  const queued = await prisma.$queryRaw<
    Array<{ id: string; openedAt: Date; queueSince: Date; requeuedAt: Date | null; handedBack: number | bigint; transferredIn: string | null }>
  >`SELECT c."id", c."openedAt", c."queueSince", c."requeuedAt",
      EXISTS (SELECT 1 FROM "Assignment" a WHERE a."caseId" = c."id" AND a."toUserId" IS NULL AND a."fromUserId" IS NOT NULL AND a."note" IS NOT 'transfer' AND a."at" >= ${now}) AS handedBack,
      (SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t WHERE t."caseId" = c."id" AND t."toTeamId" = c."teamId" AND t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1) AS transferredIn
    FROM "Case" c WHERE c."counsellorId" IS NULL AND c."status" <> 'CLOSED'`
  expect(queued.length).toBeGreaterThanOrEqual(teams.length * 2)
  const neverAssigned = queued.filter((row) => !Number(row.handedBack))
  expect(neverAssigned.length).toBeGreaterThan(0)
  for (const row of neverAssigned) {
    expect(row.requeuedAt).toBeNull()
    // the transfer's date is read by an expression, so as its stored text
    const transferredIn = row.transferredIn === null ? null : new Date(row.transferredIn)
    expect(row.queueSince).toEqual(transferredIn && transferredIn > row.openedAt ? transferredIn : row.openedAt)
  }
  for (const row of queued.filter((row) => Number(row.handedBack))) {
    expect(row.requeuedAt).not.toBeNull()
    expect(row.queueSince).toEqual(row.requeuedAt)
  }
}, 120_000)
