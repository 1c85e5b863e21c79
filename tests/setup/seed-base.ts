// The test template: catalogues and the three teams, no users (tests create their own).
import { seedCatalogues, seedTeams } from '../../prisma/seed.ts'
import { prisma } from '#app/utils/db.server.ts'

await seedCatalogues()
await seedTeams()
await prisma.$disconnect()
