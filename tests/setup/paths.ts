import path from 'node:path'

// One folder per test run, so that concurrent runs (several terminals, CI) never share a database.
process.env.WB_TEST_RUN ??= `${process.pid}`
export const tmpDir = path.resolve('tests', '.tmp', `run-${process.env.WB_TEST_RUN}`)
export const baseDatabase = path.join(tmpDir, 'base.db')
