// The test template: catalogues, the three teams and the shipped consent texts, no users (tests create their own).
import { seedConsentTemplates } from '../../prisma/consent-templates.ts'
import { seedCatalogues, seedTeams } from '../../prisma/seed.ts'
import { prisma } from '#app/utils/db.server.ts'

await seedCatalogues()
await seedTeams()
await seedConsentTemplates()
await prisma.$disconnect()
