// The state a test file could leave behind in a process that runs the next file too (the pure
// project of vitest.config.ts runs app/domain's test files without isolation, decision 070): the
// environment, the clock, the time zone, and names added to the global object.

export type ProcessState = {
  env: Record<string, string | undefined>
  globals: string[]
  timeZone: string
  realClock: boolean
}

/** The process's state now; `realClock` says whether Date is the real one (no fake timers). */
export function processState(realClock: boolean): ProcessState {
  return {
    env: { ...process.env },
    globals: Object.getOwnPropertyNames(globalThis).sort(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    realClock,
  }
}

/** What differs between the state before a file and after it, as readable lines (none when nothing). */
export function stateLeftBehind(before: ProcessState, after: ProcessState) {
  const left: string[] = []
  for (const name of new Set([...Object.keys(before.env), ...Object.keys(after.env)])) {
    if (before.env[name] !== after.env[name]) left.push(`process.env.${name}: ${before.env[name]} → ${after.env[name]}`)
  }
  const had = new Set(before.globals)
  for (const name of after.globals) if (!had.has(name)) left.push(`global ${name} added`)
  const has = new Set(after.globals)
  for (const name of before.globals) if (!has.has(name)) left.push(`global ${name} removed`)
  if (before.timeZone !== after.timeZone) left.push(`time zone: ${before.timeZone} → ${after.timeZone}`)
  if (before.realClock && !after.realClock) left.push('fake timers still installed')
  return left
}
