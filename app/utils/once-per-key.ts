// A lookup that a page repeats for the same few keys (a language's name per row, issue 19): each key
// computed once, later calls answered from the first. Create one per request or render, not per
// module, so that what it holds ends with them. Client-safe.

/** `compute`, answering each key only once. */
export function oncePerKey<T>(compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>()
  return (key) => {
    if (answers.has(key)) return answers.get(key) as T
    const answer = compute(key)
    answers.set(key, answer)
    return answer
  }
}
