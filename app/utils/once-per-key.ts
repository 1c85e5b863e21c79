// A lookup that a page repeats for the same few keys (a language's name per row, issue 19): each key
// computed once, later calls answered from the first. Create one per request or render, not per
// module, so that what it holds ends with them. Client-safe.

/** `compute`, answering each key only once. */
export function oncePerKey<T>(compute: (key: string) => T): (key: string) => T {
  // A module-level function bound to this lookup's state rather than a closure made per call: V8
  // holds the optimised code of a closure made per request only weakly and drops it at each full
  // collection, a module-level function keeps it (decision 137).
  return answerOnce.bind({ compute, answers: new Map<string, T>() }) as (key: string) => T
}

function answerOnce<T>(this: { compute: (key: string) => T; answers: Map<string, T> }, key: string): T {
  const { compute, answers } = this
  if (answers.has(key)) return answers.get(key) as T
  const answer = compute(key)
  answers.set(key, answer)
  return answer
}
