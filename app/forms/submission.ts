// parseWithZod with the form coercion built once per schema. Conform's parseWithZod rebuilds, on
// every call, a copy of the whole schema that turns form strings into numbers, booleans and dates
// (coerceFormValue, with a fresh cache each time): for the contact form ≈ 60 Zod objects per save,
// a quarter of the server's cost of parsing it (issue 19, docs/performance.md "Capacity", session
// 10). The copy depends on the schema alone and Zod schemas are immutable, so one copy per schema
// serves every parse — the same result, byte for byte, as parseWithZod's own. Schemas built per
// request get their own entry and are forgotten with the schema (as in constraint.ts).
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from '@conform-to/zod'
import { type ZodTypeAny } from 'zod'

const coerced = new WeakMap<ZodTypeAny, ZodTypeAny>()

function coercedSchema<Schema extends ZodTypeAny>(schema: Schema): Schema {
  let copy = coerced.get(schema)
  if (copy === undefined) {
    copy = coerceFormValue(schema)
    coerced.set(schema, copy)
  }
  return copy as Schema
}

/** `parseWithZod(payload, { schema })`, with the coerced copy of the schema made once. */
export function parseSubmission<Schema extends ZodTypeAny>(payload: FormData | URLSearchParams, { schema }: { schema: Schema }) {
  return parseWithZod(payload, { schema: coercedSchema(schema), disableAutoCoercion: true })
}
