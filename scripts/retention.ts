#!/usr/bin/env tsx
// `npm run retention [-- --dry-run]`: anonymises clients whose cases have all been closed for longer
// than the retention period (Setting retention.years, default 3) and whose every counted year is
// frozen (decision 016). Safe to run on a schedule: already anonymised clients are skipped, held-back
// ones are left for a later run. The dry run prints what would happen and changes nothing.
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { planRetention, runRetention } from '#app/models/retention.server.ts'
import { prisma } from '#app/utils/db.server.ts'

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } })

const plan = await planRetention()
console.log(`Retention period: ${plan.years} years — cases closed in ${plan.latestClosureYear} or earlier have expired.`)
console.log(`Ready: ${plan.clients} clients, ${plan.cases} cases, ${plan.identityKeys} identity keys, ${plan.documents} documents.`)
for (const row of plan.byClosureYear) console.log(`  closed in ${row.year}: ${row.cases} cases`)
if (plan.heldBack.clients > 0) {
  console.log(`Held back until their years are frozen: ${plan.heldBack.clients} clients, ${plan.heldBack.cases} cases.`)
  for (const group of plan.heldBack.groups) console.log(`  waiting for ${group.years.join(', ')}: ${group.clients} clients, ${group.cases} cases`)
  const finished = plan.heldBack.years.filter((entry) => entry.finished).map((entry) => entry.year)
  const running = plan.heldBack.years.filter((entry) => !entry.finished).map((entry) => entry.year)
  if (finished.length) console.log(`Years to freeze (/statistics or /admin/retention): ${finished.join(', ')}`)
  if (running.length) console.log(`Years not yet finished (freeze after they end): ${running.join(', ')}`)
}

if (values['dry-run']) {
  console.log('Dry run: nothing was changed.')
} else {
  const result = await runRetention()
  console.log(`Anonymised ${result.clients} clients with ${result.cases} cases; deleted ${result.identityKeys} identity keys and ${result.documents} documents; held back ${result.heldBack} clients.`)
}
await prisma.$disconnect()
