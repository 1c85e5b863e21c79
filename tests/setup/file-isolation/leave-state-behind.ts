// The two fixture files of tests/setup/file-isolation.test.ts: each checks that it starts as it
// would in a new process, then leaves behind what a test file could leave for the next file of a
// reused worker process (decision 082): rows in its database, module state of app/ (the sign-in
// throttle), an environment variable, the setup's `wbShareDatabaseInFile` and a running interval.
import fs from 'node:fs'
import { expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { reserveIpAttempt } from '#app/utils/login-throttle.server.ts'
import { createUser } from '#tests/factories.ts'

export function leaveStateBehind(name: string) {
  test(`${name}: starts from a fresh database, fresh modules and the process's environment, then leaves state behind`, async () => {
    const log = process.env.WB_FILE_ISOLATION_LOG!
    fs.appendFileSync(log, `start ${name} ${process.pid}\n`)
    // an interval of an earlier file would write here while this file runs
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fs.readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('tick'))).toEqual([])
    expect(await prisma.user.count()).toBe(0)
    expect(process.env.WB_LEFT_BEHIND).toBeUndefined()
    // the setup's per-file choice (one database copy for the whole file) is not inherited
    expect(globalThis.wbShareDatabaseInFile).toBeUndefined()
    // one attempt allowed: null if an earlier file's module instance were still in use
    expect(reserveIpAttempt('203.0.113.9', 1)).not.toBeNull()

    await createUser({ email: `${name}@example.org` })
    process.env.WB_LEFT_BEHIND = name
    globalThis.wbShareDatabaseInFile = true
    setInterval(() => fs.appendFileSync(log, `tick ${name}\n`), 10)
    fs.appendFileSync(log, `end ${name} ${process.pid}\n`)
  })
}
