#!/usr/bin/env tsx
// `npm run demo:totp -- <email>`: the current second-factor code of a demo account, from its
// published secret (README, "Demo accounts"). Demo mode only; other accounts have no public secret.
import 'dotenv/config'
import { currentTotpCode, TOTP_PERIOD_SECONDS } from '#app/utils/totp.server.ts'
import { DEMO_ACCOUNT_DOMAIN as DEMO_DOMAIN, DEMO_TOTP_SECRETS } from '../prisma/demo-totp.ts'

const email = (process.argv[2] ?? '').trim().toLowerCase()
if ((process.env.APP_MODE ?? 'demo') !== 'demo') {
  console.error('Demo codes exist only in demo mode (APP_MODE=demo).')
  process.exit(2)
}
const local = email.endsWith(`@${DEMO_DOMAIN}`) ? email.slice(0, -DEMO_DOMAIN.length - 1) : email
const secret = DEMO_TOTP_SECRETS[local]
if (!secret) {
  console.error(`Usage: npm run demo:totp -- <email>   (one of: ${Object.keys(DEMO_TOTP_SECRETS).map((name) => `${name}@${DEMO_DOMAIN}`).join(', ')})`)
  process.exit(2)
}
const left = TOTP_PERIOD_SECONDS - (Math.floor(Date.now() / 1000) % TOTP_PERIOD_SECONDS)
console.log(`${await currentTotpCode(secret)}   (${local}@${DEMO_DOMAIN}, valid for ${left} more seconds; each code signs in once)`)
