/** The password of every user the vitest factories create (tests/factories.ts). */
export const TEST_PASSWORD = 'Test-Password-2026'

/**
 * bcrypt's cost of those users' stored hash: the lowest bcrypt allows. The app checks a password with
 * `bcrypt.compare`, which takes the cost from the stored hash, so every sign-in of a fixture user ran
 * 2^12 rounds at the app's cost (a quarter of a second of a core, most of the sign-in tests' time);
 * at 4 the same comparison runs 2^4. What the tests check (right and wrong passwords, locks, throttles,
 * how often a password is compared) does not depend on the cost; the app's own hashes (a password set
 * or changed, the demo accounts) keep its cost, which tests/setup/test-password.test.ts checks
 * (docs/performance.md, "Test suite", session 21).
 */
export const TEST_PASSWORD_COST = 4
