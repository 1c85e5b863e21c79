// Seeds catalogues and the shipped consent texts (always, idempotent), the three teams and — in demo mode only — the demo users.
// Run by `npm start` on every start; `npm run db:seed` runs it by hand.
import { fileURLToPath } from 'node:url'
import { enrolDemoAccount } from '#app/models/second-factor.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { CATALOGUE_SEEDS } from './catalogues.ts'
import { DEMO_ACCOUNT_DOMAIN, DEMO_TOTP_SECRETS } from './demo-totp.ts'
import { seedConsentTemplates } from './consent-templates.ts'
import { seedPartners } from './partners.ts'

export const DEMO_PASSWORD = 'Wegbegleiter-Demo-2026'
export const DEMO_DOMAIN = DEMO_ACCOUNT_DOMAIN

export const TEAMS = [
  { key: 'eae', name: 'EAE Nostorf-Horst', kind: 'EAE', district: 'EAE_NOSTORF_HORST' },
  { key: 'rostock', name: 'Beratungsstelle Rostock', kind: 'REGIONAL', district: 'HRO' },
  { key: 'greifswald', name: 'Beratungsstelle Greifswald', kind: 'REGIONAL', district: 'VG' },
] as const

export const DEMO_USERS = [
  { local: 'admin', displayName: 'Anna Admin', role: 'ADMIN', team: 'eae', languages: '' },
  { local: 'leitung.eae', displayName: 'Lena Leitung', role: 'TEAM_LEAD', team: 'eae', languages: 'deu,eng' },
  { local: 'beratung.eae', displayName: 'Bilal Berater', role: 'COUNSELLOR', team: 'eae', languages: 'deu,arb,eng' },
  { local: 'leitung.rostock', displayName: 'Ralf Rostock', role: 'TEAM_LEAD', team: 'rostock', languages: 'deu,rus' },
  { local: 'beratung.rostock', displayName: 'Rana Beraterin', role: 'COUNSELLOR', team: 'rostock', languages: 'deu,fas,eng' },
  { local: 'beratung2.rostock', displayName: 'Rolf Berater', role: 'COUNSELLOR', team: 'rostock', languages: 'deu,ukr,rus' },
  { local: 'leitung.greifswald', displayName: 'Greta Greifswald', role: 'TEAM_LEAD', team: 'greifswald', languages: 'deu,eng' },
  { local: 'beratung.greifswald', displayName: 'Gül Beraterin', role: 'COUNSELLOR', team: 'greifswald', languages: 'deu,tur,kmr' },
] as const

export async function seedCatalogues() {
  for (const [catalogue, entries] of Object.entries(CATALOGUE_SEEDS)) {
    for (const [index, entry] of entries.entries()) {
      // Only create: an administrator's later edits of a label must survive restarts.
      await prisma.catalogueEntry.upsert({
        where: { catalogue_code: { catalogue, code: entry.code } },
        update: {},
        create: { catalogue, code: entry.code, labelDe: entry.de, labelEn: entry.en, group: entry.group ?? null, sortOrder: index },
      })
    }
  }
}

export async function seedTeams() {
  const ids: Record<string, string> = {}
  for (const team of TEAMS) {
    const district = await prisma.catalogueEntry.findUnique({
      where: { catalogue_code: { catalogue: 'PLACE', code: team.district } },
      select: { id: true },
    })
    const existing = await prisma.team.findUnique({ where: { name: team.name }, select: { id: true } })
    const record =
      existing ??
      (await prisma.team.create({
        // Sharing for substitution stays off (the schema default) until a team lead turns it on (decision 015).
        data: { name: team.name, kind: team.kind, districtId: district?.id ?? null },
        select: { id: true },
      }))
    ids[team.key] = record.id
  }
  return ids
}

export async function seedDemoUsers(teamIds: Record<string, string>) {
  if ((await prisma.user.count()) > 0) return false
  const hash = await hashPassword(DEMO_PASSWORD)
  for (const user of DEMO_USERS) {
    await prisma.user.create({
      data: {
        email: `${user.local}@${DEMO_DOMAIN}`,
        displayName: user.displayName,
        role: user.role,
        teamId: teamIds[user.team]!,
        languages: user.languages,
        password: { create: { hash } },
      },
    })
  }
  return true
}

/**
 * Demo mode only: every demo account without a second factor gets its published one (README), also
 * in a demo database made before second factors existed.
 */
export async function enrolDemoAccounts() {
  let enrolled = 0
  for (const [local, secret] of Object.entries(DEMO_TOTP_SECRETS)) {
    const user = await prisma.user.findUnique({ where: { email: `${local}@${DEMO_DOMAIN}` }, select: { id: true } })
    if (user && (await enrolDemoAccount(user.id, secret))) enrolled += 1
  }
  return enrolled
}

/** Demo mode names a fictitious organisation so that the printed texts read as they will in use. */
export async function seedDemoOrganisation() {
  const values = {
    'organisation.name': 'Wegbegleiter Demo e. V.',
    'organisation.contact': 'Musterstraße 1, 19053 Schwerin, Telefon 0385 000000',
    'organisation.dpoContact': 'datenschutz@demo.wegbegleiter.de',
  }
  for (const [key, value] of Object.entries(values)) {
    await prisma.setting.upsert({ where: { key }, update: {}, create: { key, value } })
  }
}

export type SeedHook = (teamIds: Record<string, string>, demo: boolean) => Promise<void>
/** Features that bring their own seed data (partner directory, demo cases) register here. */
export const seedHooks: SeedHook[] = []

export async function seed({ demo }: { demo: boolean }) {
  await seedCatalogues()
  const teamIds = await seedTeams()
  await seedPartners()
  await seedConsentTemplates()
  if (demo) await seedDemoOrganisation()
  const created = demo ? await seedDemoUsers(teamIds) : false
  if (demo) await enrolDemoAccounts()
  for (const hook of seedHooks) await hook(teamIds, demo && created)
  return { demoUsersCreated: created }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const demo = (process.env.APP_MODE ?? 'demo') === 'demo'
  const result = await seed({ demo })
  console.log(`Seeded catalogues${demo ? ' and demo teams' : ''}${result.demoUsersCreated ? ' and demo users' : ''}.`)
  await prisma.$disconnect()
}
