// Accounts that browser tests may lock or change (seeded by fixtures-data.ts). Kept apart from the
// seeding code so that test files do not import the database client into the test runner.
export const E2E_PASSWORD = 'Wegbegleiter-Demo-2026'
export const E2E_ACCOUNTS = {
  lockout: 'lockout@e2e.test',
  idle: 'idle@e2e.test',
  forcedChange: 'forced-change@e2e.test',
  /** no second factor yet: led to the enrolment at sign-in */
  enrol: 'enrol@e2e.test',
  passwordReset: 'password-reset@e2e.test',
} as const

/** Second-factor secrets of the test accounts above (the enrol account has none). */
export const E2E_TOTP_SECRETS: Partial<Record<keyof typeof E2E_ACCOUNTS, string>> = {
  lockout: 'EEEEEEEEEEEEEEEELOCKOUTAAAAAAAAA',
  idle: 'EEEEEEEEEEEEEEEEIDLEAAAAAAAAAAAA',
  forcedChange: 'EEEEEEEEEEEEEEEEFORCEDCHANGEAAAA',
  passwordReset: 'EEEEEEEEEEEEEEEEPASSWORDRESETAAA',
}
