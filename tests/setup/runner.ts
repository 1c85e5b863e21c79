// vitest's test runner with two changes, for worker processes and threads (decisions 070, 082, 094
// and 105).
//
// vitest 3.2's worker sends each test's progress to the runner process ("onTaskUpdate") as a call
// and waits at most 60 s of wall time for the acknowledgement (a fixed birpc timeout), which it can
// read only when its event loop turns. A test file whose tests never give the event loop a turn —
// every query of better-sqlite3 through Prisma resolves in the same microtask chain, and vitest goes
// from one test to the next in that chain too — holds every acknowledgement until the file ends: at
// load 10–12 a 44–56-second file had its first acknowledgement 55 s late, and at load 30–46 such files
// pass 60 s (session 14's three late acknowledgements; docs/performance.md, "Test suite", session 15).
//
// 1. While the file runs, its progress goes to the runner process as a message without an answer
//    (birpc's `asEvent`): the runner process handles it exactly as before, in the order sent; only the
//    worker no longer waits for an acknowledgement it cannot read. The file's last update (sent once
//    its tests have ended, when the worker waits for nothing else) stays a call, so the file still
//    ends only after the runner process has taken all of its progress.
// 2. A late acknowledgement of that last call (the runner process really late) fails the file it
//    came from, once, instead of every later file of the same worker: the rejected promise would stay
//    in a list of @vitest/runner's module (`pendingTasksUpdates`), which every later file of the
//    process awaits at its end (64 errors in session 13's whole run; reproduced: 4 for one late
//    acknowledgement and three files after it, 1 with a process per file). The rejection is caught
//    and reported through vitest's own channel for unhandled errors, with the file and test it
//    happened in, so the run still fails, once, and names where.
import { VitestTestRunner } from 'vitest/runners'

type Send = (...args: unknown[]) => Promise<unknown>
type WorkerState = {
  filepath?: string
  current?: { name?: string }
  rpc: {
    onUnhandledError(error: unknown, type: string): Promise<void>
    onTaskUpdate?: { asEvent?: (...args: unknown[]) => void }
  }
}

export default class Runner extends VitestTestRunner {
  #onTaskUpdate: Send | undefined
  #reported = false
  /** The file's tests have ended: the updates from here on are calls, each acknowledged. */
  #ending = false

  // vitest calls this (through its own wrapper) after the last test of the file and before it sends
  // the file's last update and waits for its acknowledgement.
  override onAfterRunFiles(...args: Parameters<VitestTestRunner['onAfterRunFiles']>) {
    this.#ending = true
    return super.onAfterRunFiles(...args)
  }

  // vitest sets `onTaskUpdate` on the runner after creating it (its call to the runner process); the
  // accessor wraps what it sets.
  get onTaskUpdate(): Send | undefined {
    return this.#onTaskUpdate
  }

  set onTaskUpdate(send: Send | undefined) {
    this.#onTaskUpdate =
      send &&
      (async (...args: unknown[]) => {
        const state = (this as unknown as { workerState: WorkerState }).workerState
        const sendAsEvent = state?.rpc.onTaskUpdate?.asEvent
        if (!this.#ending && sendAsEvent) {
          sendAsEvent(...args)
          return undefined
        }
        try {
          return await send.apply(this, args)
        } catch (error) {
          if (this.#reported) return undefined
          this.#reported = true
          // a plain object: the channel keeps an Error's message and stack, not the fields that name the file
          const { name, message, stack } = error instanceof Error ? error : new Error(String(error))
          const report = {
            name,
            message,
            stack,
            VITEST_TEST_PATH: state.filepath,
            VITEST_TEST_NAME: state.current?.name,
          }
          await state.rpc.onUnhandledError(report, 'Unhandled Rejection').catch(() => {})
          return undefined
        }
      })
  }
}
