// Decisions 101, 113, 161 and 171: a document's hydration data leaves a list to the markup, which the browser
// reads back; a `.data` answer (client navigation, a filter, a revalidation) carries it. The route tests check
// both sides of that promise with this.
import { decode, encode } from 'turbo-stream'
import { expect } from 'vitest'

/** A loader's result as Remix sends it to the browser (turbo-stream) and as the browser reads it. */
export async function asTheBrowserReads<T>(result: T): Promise<T> {
  return (await decode(encode(result))).value as T
}

type Loaded<T> = { result: T; sent: T }

/**
 * Loads a page as a `.data` answer and as a document (`load(dataRequest)`), and asserts that the server's
 * render reads the same `key` (or each of several keys) from both, that the `.data` answer carries everything
 * (also `key`, which `toEqual` alone would pass over where it is not enumerable), and that a document's
 * hydration data is everything but `key`. Returns both loads for the page's own assertions.
 */
export async function expectLeftToTheMarkup<T extends object, K extends keyof T & string>(
  load: (dataRequest: boolean) => Promise<Loaded<T>>,
  key: K | readonly K[],
) {
  const keys: readonly K[] = typeof key === 'string' ? [key] : key
  const data = await load(true)
  const document = await load(false)
  expect(data.sent).toEqual(data.result)
  const rest: Partial<T> = { ...data.result }
  for (const each of keys) {
    expect(document.result[each]).toEqual(data.result[each])
    expect(data.sent[each]).toEqual(data.result[each])
    delete rest[each]
  }
  expect(document.sent).toEqual(rest)
  return { data, document }
}
