/** The password of every user the vitest factories create (tests/factories.ts). */
export const TEST_PASSWORD = 'Test-Password-2026'
