import { afterEach, beforeEach, vi } from 'vitest'

// An unexpected console.error fails the test; tests that expect one spy on it themselves.
let consoleError: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  const original = console.error
  consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    original(...args)
    throw new Error(`console.error was called: ${args.map(String).join(' ').slice(0, 500)}`)
  })
})
afterEach(() => consoleError?.mockRestore())
