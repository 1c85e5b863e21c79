// vitest's test runner with one change, for worker processes and threads that run one test file
// after another (decisions 070, 082 and 094): a progress message whose acknowledgement comes late
// fails the file it was sent from, once, instead of every later file of the same worker.
//
// vitest 3.2's worker sends each test's progress to the runner ("onTaskUpdate") and waits at most
// 60 s of wall time for the acknowledgement (a fixed birpc timeout), which it reads only when its
// event loop turns. A late acknowledgement loses nothing — the message itself has arrived — but the
// rejected promise stays in a list of @vitest/runner's module (`pendingTasksUpdates`), which every
// later file of the process awaits at its end: one late acknowledgement became one "Timeout calling
// onTaskUpdate" for each file the worker ran after it (64 in session 13's whole run; reproduced:
// 4 for one late acknowledgement and three files after it, 1 with a process per file).
// Here the rejection is caught and reported through vitest's own channel for unhandled errors, with
// the file and test it happened in, so the run still fails, once, and names where.
import { VitestTestRunner } from 'vitest/runners'

type Send = (...args: unknown[]) => Promise<unknown>
type WorkerState = {
  filepath?: string
  current?: { name?: string }
  rpc: { onUnhandledError(error: unknown, type: string): Promise<void> }
}

export default class Runner extends VitestTestRunner {
  #onTaskUpdate: Send | undefined
  #reported = false

  // vitest sets `onTaskUpdate` on the runner after creating it (its call to the runner process); the
  // accessor wraps what it sets.
  get onTaskUpdate(): Send | undefined {
    return this.#onTaskUpdate
  }

  set onTaskUpdate(send: Send | undefined) {
    this.#onTaskUpdate =
      send &&
      (async (...args: unknown[]) => {
        try {
          return await send.apply(this, args)
        } catch (error) {
          if (this.#reported) return undefined
          this.#reported = true
          const state = (this as unknown as { workerState: WorkerState }).workerState
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
