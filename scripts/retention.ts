#!/usr/bin/env tsx
// `npm run retention [-- --dry-run]`: anonymises clients whose cases have all been closed for longer
// than the retention period (Setting retention.years, default 3). Safe to run on a schedule: already
// anonymised clients are skipped. The dry run prints what would happen and changes nothing.
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { planRetention, runRetention } from '#app/models/retention.server.ts'
import { prisma } from '#app/utils/db.server.ts'

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } })

const plan = await planRetention()
console.log(`Retention period: ${plan.years} years — cases closed in ${plan.latestClosureYear} or earlier have expired.`)
console.log(`Expired: ${plan.clients} clients, ${plan.cases} cases, ${plan.identityKeys} identity keys, ${plan.documents} documents.`)
for (const row of plan.byClosureYear) console.log(`  closed in ${row.year}: ${row.cases} cases`)

if (values['dry-run']) {
  console.log('Dry run: nothing was changed.')
} else {
  const result = await runRetention()
  console.log(`Anonymised ${result.clients} clients with ${result.cases} cases; deleted ${result.identityKeys} identity keys and ${result.documents} documents.`)
}
await prisma.$disconnect()
