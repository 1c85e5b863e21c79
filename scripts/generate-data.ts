// `npm run seed:generate -- --cases N [--seed S] [--database FILE] [--today YYYY-MM-DD]`
// Fills a database with N synthetic cases (about ten contacts each) spread over the last three
// calendar years. Deterministic: the same seed, day and starting database give the same rows.
// The database is migrated and seeded (catalogues, teams; never demo users) first.
import path from 'node:path'
import { parseArgs } from 'node:util'
import 'dotenv/config'
import { GENERATED_TABLES, generateData } from './lib/data-generator.ts'
import { databaseFile, refuseWhileServerRuns } from '../server/database-file.js'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    database: { type: 'string' },
    today: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help) {
  console.log('Usage: npm run seed:generate -- --cases N [--seed S] [--database FILE] [--today YYYY-MM-DD]')
  process.exit(0)
}

const cases = Number(values.cases)
const seed = Number(values.seed)
if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive whole number')
if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a whole number ≥ 0')
const today = values.today ? new Date(`${values.today}T18:00:00Z`) : undefined
if (today && Number.isNaN(today.getTime())) throw new Error('--today must be a date YYYY-MM-DD')
const database = values.database ? path.resolve(values.database) : databaseFile()
// A bulk load drops and rebuilds indexes and holds long write transactions: not beside a server.
refuseWhileServerRuns('npm run seed:generate', database)

console.log(`Database: ${database}`)
const summary = await generateData({ database, cases, seed, today, log: (line) => line && console.log(line) })
console.log(
  `\nDone in ${summary.seconds.toFixed(1)} s (seed ${summary.seed}, ${summary.from} … ${summary.today}).`,
)
console.log(`${'table'.padEnd(22)}${'added'.padStart(12)}${'total'.padStart(12)}`)
for (const name of GENERATED_TABLES) {
  console.log(
    `${name.padEnd(22)}${summary.inserted[name]!.toLocaleString('en').padStart(12)}${summary.totals[name]!.toLocaleString('en').padStart(12)}`,
  )
}
