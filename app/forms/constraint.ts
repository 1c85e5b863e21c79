// A form's HTML constraints (required, minLength, pattern …) from its Zod schema, once per schema.
// getZodConstraint walks the whole schema; called in a form component it ran on every render,
// ≈ 0.6 ms per view of the master-data form (issue 19, docs/performance.md, decision 054). The
// result depends on the schema alone, and conform only reads it, so one object per schema serves
// every render. Schemas built per render (from a changing list) get their own entry and are
// forgotten with the schema.
import { getZodConstraint } from '@conform-to/zod'
import { type ZodTypeAny } from 'zod'

/** A form's constraints by field name, as conform reads them (and the field-props helpers do). */
export type FormConstraint = ReturnType<typeof getZodConstraint>
const constraints = new WeakMap<ZodTypeAny, FormConstraint>()

export function formConstraint(schema: ZodTypeAny): FormConstraint {
  let constraint = constraints.get(schema)
  if (constraint === undefined) {
    constraint = getZodConstraint(schema)
    constraints.set(schema, constraint)
  }
  return constraint
}
