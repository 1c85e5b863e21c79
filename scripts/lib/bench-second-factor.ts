// The benchmark accounts sign in like everyone else, with the second factor (decision 024): each has
// a fixed, published secret (they exist only in synthetic benchmark databases), and the sign-in
// completes the code step with the current code. A run signs each account in once, so the replay
// protection is reset when the accounts are prepared, not worked around.
import type Database from 'better-sqlite3'
import { currentTotpCode } from '#app/utils/totp.server.ts'

export const BENCH_TOTP_SECRET = 'BENCHBENCHBENCHBENCHBENCHBENCHAA'

/** Gives the account a confirmed second factor with the benchmark secret, no step used yet. */
export function enrolBenchSecondFactor(db: Database.Database, userId: string, now: string) {
  db.prepare(
    `INSERT INTO TotpCredential (userId, secret, confirmedAt, lastUsedStep, createdAt, updatedAt) VALUES (?, ?, ?, NULL, ?, ?)
     ON CONFLICT(userId) DO UPDATE SET secret = excluded.secret, confirmedAt = excluded.confirmedAt, lastUsedStep = NULL, updatedAt = excluded.updatedAt`,
  ).run(userId, BENCH_TOTP_SECRET, now, now, now)
}

/** The form the code step posts. */
export async function benchCodeForm() {
  return new URLSearchParams({ code: await currentTotpCode(BENCH_TOTP_SECRET), redirectTo: '/' }).toString()
}
