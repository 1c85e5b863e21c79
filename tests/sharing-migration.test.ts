// The data migration of decision 015 (prisma/migrations/*_sharing_follows_team_default): team
// defaults that nobody chose are turned off, transferred cases take the holding team's default,
// a decision of the holding team after the transfer and never-transferred cases are kept.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { migrationStatements } from '#tests/migration-statements.ts'

const statements = migrationStatements('_sharing_follows_team_default')

async function migrate() {
  for (const statement of statements) await prisma.$executeRawUnsafe(statement)
}

const at = (day: string) => new Date(`${day}T10:00:00Z`)

async function shared(caseId: string) {
  return (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { sharedForSubstitution: true } })).sharedForSubstitution
}

async function transferred(caseId: string, fromTeamId: string, toTeamId: string, day: string) {
  await prisma.transfer.create({ data: { caseId, fromTeamId, toTeamId, reason: 'DISTRIBUTION', status: 'DONE', at: at(day), completedAt: at(day) } })
}

describe('migration: sharing follows the team default', () => {
  test('resets what nobody decided and keeps what a team decided', async () => {
    const { eae, rostock, greifswald } = await getTeams()
    const greifswaldLead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
    const rostockCounsellor = await createUser({ teamId: rostock.id })
    // As the old seed left it: the EAE shared by default without anyone choosing it. Greifswald's
    // lead turned it on on /team/settings (audited); Rostock never did.
    await prisma.team.update({ where: { id: eae.id }, data: { defaultSharedForSubstitution: true } })
    await prisma.team.update({ where: { id: greifswald.id }, data: { defaultSharedForSubstitution: true } })
    await prisma.auditEvent.create({ data: { userId: greifswaldLead.id, action: 'team.settings', entity: 'team', entityId: greifswald.id, at: at('2026-03-01') } })

    // EAE → Rostock, still shared from the EAE: reset to Rostock's default (off)
    const toRostock = await createTestCase({ teamId: rostock.id, sharedForSubstitution: true })
    await transferred(toRostock.id, eae.id, rostock.id, '2026-04-01')
    // EAE → Rostock, unshared: Rostock (off) — unchanged
    const toRostockUnshared = await createTestCase({ teamId: rostock.id, sharedForSubstitution: false })
    await transferred(toRostockUnshared.id, eae.id, rostock.id, '2026-04-01')
    // EAE → Greifswald, unshared: takes Greifswald's default (on)
    const toGreifswald = await createTestCase({ teamId: greifswald.id, sharedForSubstitution: false })
    await transferred(toGreifswald.id, eae.id, greifswald.id, '2026-04-01')
    // EAE → Rostock, then a Rostock counsellor shared it on the master data: their decision stays
    const decided = await createTestCase({ teamId: rostock.id, counsellorId: rostockCounsellor.id, sharedForSubstitution: true })
    await transferred(decided.id, eae.id, rostock.id, '2026-04-01')
    await prisma.auditEvent.create({
      data: { userId: rostockCounsellor.id, action: 'case.update', entity: 'case', entityId: decided.id, caseId: decided.id, details: JSON.stringify({ fields: ['sharedForSubstitution'], rebased: false }), at: at('2026-04-10') },
    })
    // … but a change made before the transfer (in the EAE) does not count for Rostock
    const decidedBefore = await createTestCase({ teamId: rostock.id, sharedForSubstitution: true })
    await prisma.auditEvent.create({
      data: { action: 'case.update', entity: 'case', entityId: decidedBefore.id, caseId: decidedBefore.id, details: JSON.stringify({ fields: ['sharedForSubstitution'], rebased: false }), at: at('2026-02-01') },
    })
    await transferred(decidedBefore.id, eae.id, rostock.id, '2026-04-01')
    // never transferred: the flag chosen on the EAE's new-case form stays
    const eaeCase = await createTestCase({ teamId: eae.id, sharedForSubstitution: true })

    await migrate()

    const defaults = await prisma.team.findMany({ select: { id: true, defaultSharedForSubstitution: true } })
    const byId = new Map(defaults.map((team) => [team.id, team.defaultSharedForSubstitution]))
    expect([byId.get(eae.id), byId.get(rostock.id), byId.get(greifswald.id)]).toEqual([false, false, true])
    expect(await shared(toRostock.id)).toBe(false)
    expect(await shared(toRostockUnshared.id)).toBe(false)
    expect(await shared(toGreifswald.id)).toBe(true)
    expect(await shared(decided.id)).toBe(true)
    expect(await shared(decidedBefore.id)).toBe(false)
    expect(await shared(eaeCase.id)).toBe(true)
  })
})
