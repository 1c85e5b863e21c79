import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { formConstraint } from '#app/forms/constraint.ts'
import { fieldsProps, formProps, formSnapshot, inputProps, selectProps, textareaProps } from './field-props.ts'

// A schema with every kind of constraint the forms use: required and optional, text limits, number
// and date bounds, a pattern, a list (multiple) and a boolean.
const schema = z.object({
  name: z.string().min(2).max(40),
  note: z.string().max(500).optional(),
  code: z.string().regex(/^[A-Z]{3}$/),
  count: z.number().int().min(1).max(99),
  day: z.string().date().optional(),
  kind: z.enum(['A', 'B']),
  languages: z.array(z.string()).optional(),
  shared: z.boolean().optional(),
  hidden: z.number().int().min(1).optional(),
})

type Entries = Array<[string, unknown]>
type Pair = { label: string; ours: Entries; conforms: Entries }

/** Renders a form and collects, for every field and option, our props beside conform's. */
function collect({ defaultValue, lastResult }: { defaultValue?: Record<string, unknown>; lastResult?: SubmissionResult<string[]> }) {
  const pairs: Pair[] = []
  function Probe() {
    const constraint = formConstraint(schema)
    const [, fields] = useForm<Record<string, unknown>>({ id: 'probe', constraint, defaultValue: defaultValue as never, lastResult })
    const field = (name: string) => fields[name] as FieldMetadata<unknown>
    const add = (label: string, ours: object, conforms: object) =>
      pairs.push({ label, ours: Object.entries(ours), conforms: Object.entries(conforms) })
    for (const type of ['text', 'number', 'date', 'month', 'hidden'] as const) {
      for (const name of ['name', 'note', 'code', 'count', 'day', 'hidden'] as const) {
        add(`${name} ${type}`, inputProps(field(name), constraint, { type }), getInputProps(field(name), { type }))
      }
    }
    add('shared checkbox', inputProps(field('shared'), constraint, { type: 'checkbox' }), getInputProps(field('shared'), { type: 'checkbox' }))
    add('kind radio A', inputProps(field('kind'), constraint, { type: 'radio', value: 'A' }), getInputProps(field('kind'), { type: 'radio', value: 'A' }))
    add('languages checkbox deu', inputProps(field('languages'), constraint, { type: 'checkbox', value: 'deu' }), getInputProps(field('languages'), { type: 'checkbox', value: 'deu' }))
    add('name without value', inputProps(field('name'), constraint, { type: 'text', value: false }), getInputProps(field('name'), { type: 'text', value: false }))
    for (const name of ['kind', 'languages', 'count', 'note'] as const) add(`${name} select`, selectProps(field(name), constraint), getSelectProps(field(name)))
    for (const name of ['note', 'name'] as const) add(`${name} textarea`, textareaProps(field(name), constraint), getTextareaProps(field(name)))
    return null
  }
  renderToStaticMarkup(<Probe />)
  return pairs
}

function expectSame(pairs: Pair[]) {
  expect(pairs).toHaveLength(40)
  // Same keys, same values, same order: React writes the attributes in the order of the props.
  for (const pair of pairs) expect(pair.ours, pair.label).toEqual(pair.conforms)
}

function badSubmission() {
  const formData = new FormData()
  for (const [name, value] of [['name', 'x'], ['code', 'abc'], ['count', '0'], ['day', 'not a day'], ['kind', 'C'], ['languages', 'deu'], ['languages', 'ara'], ['shared', 'on'], ['hidden', '-1']])
    formData.append(name!, value!)
  const submission = parseWithZod(formData, { schema })
  expect(submission.status).toBe('error')
  return submission.reply()
}

describe('field props from the form constraint', () => {
  test('an empty form: the props conform makes, key for key and in order', () => {
    expectSame(collect({}))
  })

  test('a form with stored values (strings, a list, a checked box)', () => {
    const pairs = collect({ defaultValue: { name: 'Ada', note: 'text', code: 'ABC', count: '3', day: '2026-12-05', kind: 'B', languages: ['deu', 'ara'], shared: 'on', hidden: '2' } })
    expectSame(pairs)
    // the values are really there (so the comparison covered them)
    expect(pairs.find((pair) => pair.label === 'languages select')!.ours).toContainEqual(['defaultValue', ['deu', 'ara']])
    expect(pairs.find((pair) => pair.label === 'shared checkbox')!.ours).toContainEqual(['defaultChecked', true])
  })

  test('after a bad submission: aria-invalid and aria-describedby where conform puts them, the submitted values', () => {
    const pairs = collect({ lastResult: badSubmission() })
    expectSame(pairs)
    const name = pairs.find((pair) => pair.label === 'name text')!.ours
    expect(name).toContainEqual(['aria-invalid', true])
    expect(name).toContainEqual(['aria-describedby', 'probe-name-error'])
    expect(name.map(([key]) => key).slice(0, 6)).toEqual(['required', 'id', 'name', 'form', 'aria-invalid', 'aria-describedby'])
  })
})

describe('field props by name with the errors, for the field components (fieldsProps)', () => {
  function collectWithErrors(lastResult?: SubmissionResult<string[]>, defaultValue?: Record<string, unknown>) {
    const pairs: Pair[] = []
    function Probe() {
      const constraint = formConstraint(schema)
      const [form, fields] = useForm<Record<string, unknown>>({ id: 'probe', constraint, defaultValue: defaultValue as never, lastResult })
      const field = (name: string) => fields[name] as FieldMetadata<unknown>
      // with and without the form's snapshot (decision 152): the same props either way
      for (const [how, control] of [
        ['fields', fieldsProps(fields as Record<string, FieldMetadata<unknown>>, constraint)],
        ['snapshot', fieldsProps(fields as Record<string, FieldMetadata<unknown>>, constraint, formSnapshot(form))],
      ] as const) {
        const add = (label: string, ours: object, conforms: object) => pairs.push({ label: `${label} (${how})`, ours: Object.entries(ours), conforms: Object.entries(conforms) })
        for (const name of ['name', 'code', 'count', 'day'] as const)
          add(`${name} text`, control.input(name, { type: 'text' }), { ...getInputProps(field(name), { type: 'text' }), errors: field(name).errors })
        add('shared checkbox', control.input('shared', { type: 'checkbox' }), { ...getInputProps(field('shared'), { type: 'checkbox' }), errors: field('shared').errors })
        for (const name of ['kind', 'languages', 'note'] as const)
          add(`${name} select`, control.select(name), { ...getSelectProps(field(name)), errors: field(name).errors })
        for (const name of ['note', 'name', 'count'] as const)
          add(`${name} textarea`, control.textarea(name), { ...getTextareaProps(field(name)), errors: field(name).errors })
        for (const name of ['name', 'languages'] as const) add(`${name} id`, { id: control.id(name) }, { id: field(name).id })
        for (const name of ['languages', 'shared', 'name'] as const)
          add(`${name} value and errors`, { initialValue: control.initialValue(name), errors: control.errors(name) }, { initialValue: field(name).initialValue, errors: field(name).errors })
      }
      return null
    }
    renderToStaticMarkup(<Probe />)
    expect(pairs).toHaveLength(32)
    for (const pair of pairs) expect(pair.ours, pair.label).toEqual(pair.conforms)
    return pairs
  }

  test('an empty form: conform’s props and no errors', () => {
    const pairs = collectWithErrors()
    for (const pair of pairs.filter((pair) => !/ id \(/.test(pair.label))) expect(pair.ours, pair.label).toContainEqual(['errors', undefined])
  })

  test('a form with stored values: the same values read through the fields and from the snapshot', () => {
    const pairs = collectWithErrors(undefined, { name: 'Ada', note: 'Zeile 1\nZeile 2', code: 'ABC', count: '3', kind: 'B', languages: ['deu', 'ara'], shared: 'on' })
    expect(Object.fromEntries(pairs.find((pair) => pair.label === 'note textarea (snapshot)')!.ours).defaultValue).toBe('Zeile 1\nZeile 2')
    expect(Object.fromEntries(pairs.find((pair) => pair.label === 'languages select (snapshot)')!.ours).defaultValue).toEqual(['deu', 'ara'])
    expect(Object.fromEntries(pairs.find((pair) => pair.label === 'shared checkbox (snapshot)')!.ours).defaultChecked).toBe(true)
  })

  test('after a bad submission: conform’s props and each field’s own errors', () => {
    const pairs = collectWithErrors(badSubmission())
    for (const how of ['fields', 'snapshot']) {
      const name = pairs.find((pair) => pair.label === `name text (${how})`)!.ours
      expect(name).toContainEqual(['aria-invalid', true])
      expect(Object.fromEntries(name).errors).toEqual(expect.arrayContaining([expect.any(String)]))
      expect(Object.fromEntries(pairs.find((pair) => pair.label === `note select (${how})`)!.ours).errors).toBeUndefined()
      expect(pairs.find((pair) => pair.label === `name textarea (${how})`)!.ours).toContainEqual(['aria-invalid', true])
    }
  })
})

describe('the form element’s props on the server (formProps)', () => {
  /** conform's getFormProps and formProps with the snapshot, as entries (keys in order) and as the form's markup. */
  function formPair(lastResult?: SubmissionResult<string[]>) {
    const out: { conforms: Entries; ours: Entries; conformsHtml: string; oursHtml: string }[] = []
    function Probe() {
      const constraint = formConstraint(schema)
      const [form] = useForm<Record<string, unknown>>({ id: 'probe', constraint, lastResult })
      const conforms = getFormProps(form)
      const ours = formProps(form, 'probe', formSnapshot(form))
      const attributes = ([key]: [string, unknown]) => key !== 'onSubmit'
      out.push({
        conforms: Object.entries(conforms).filter(attributes),
        ours: Object.entries(ours).filter(attributes),
        conformsHtml: renderToStaticMarkup(<form {...conforms} className="stack" />),
        oursHtml: renderToStaticMarkup(<form {...ours} className="stack" />),
      })
      return null
    }
    renderToStaticMarkup(<Probe />)
    return out[0]!
  }

  function formErrorReply() {
    const formData = new FormData()
    formData.append('name', 'Ada')
    const submission = parseWithZod(formData, { schema })
    return submission.reply({ formErrors: ['caseFile:edit.errors.reload'] })
  }

  test.each([
    ['an empty form', undefined],
    ['after a bad submission (field errors, no form error)', 'fields'],
    ['with a form error', 'form'],
  ] as const)('%s: the attributes conform gives, in its order', (_, kind) => {
    const pair = formPair(kind === 'fields' ? badSubmission() : kind === 'form' ? formErrorReply() : undefined)
    expect(pair.ours).toEqual(pair.conforms)
    expect(pair.oursHtml).toBe(pair.conformsHtml)
    if (kind === 'form') expect(pair.oursHtml).toContain('aria-describedby="probe-error"')
    else expect(pair.oursHtml).not.toContain('aria-describedby')
    expect(pair.oursHtml).toContain('novalidate=""')
  })

  test('without a snapshot (the browser) conform’s own props, its submit handler included', () => {
    let same = false
    function Probe() {
      const [form] = useForm<Record<string, unknown>>({ id: 'probe', constraint: formConstraint(schema) })
      const ours = formProps(form, 'probe', undefined)
      same = ours.onSubmit === getFormProps(form).onSubmit && ours.id === 'probe'
      return null
    }
    renderToStaticMarkup(<Probe />)
    expect(same).toBe(true)
  })
})

describe('a field’s value props alone, for a kept template’s holes (inputValue, selectValue; decision 253)', () => {
  /** For each field: the value props of `input`/`select` (the keys that carry the value, in order) beside `inputValue`/`selectValue`. */
  function collectValues(lastResult?: SubmissionResult<string[]>, defaultValue?: Record<string, unknown>) {
    const pairs: Pair[] = []
    function Probe() {
      const constraint = formConstraint(schema)
      const [form, fields] = useForm<Record<string, unknown>>({ id: 'probe', constraint, defaultValue: defaultValue as never, lastResult })
      for (const [how, control] of [
        ['fields', fieldsProps(fields as Record<string, FieldMetadata<unknown>>, constraint)],
        ['snapshot', fieldsProps(fields as Record<string, FieldMetadata<unknown>>, constraint, formSnapshot(form))],
      ] as const) {
        const valueKeys = (props: object) => Object.entries(props).filter(([key]) => key === 'value' || key === 'defaultValue' || key === 'defaultChecked')
        const options = [
          ...(['text', 'number', 'date', 'month', 'hidden'] as const).map((type) => ({ type })),
          { type: 'checkbox' },
          { type: 'radio', value: 'A' },
          { type: 'checkbox', value: 'deu' },
          { type: 'text', value: false },
        ]
        for (const name of Object.keys(schema.shape))
          for (const option of options)
            pairs.push({ label: `${name} ${JSON.stringify(option)} (${how})`, ours: Object.entries(control.inputValue(name, option)), conforms: valueKeys(control.input(name, option)) })
        for (const name of Object.keys(schema.shape))
          pairs.push({ label: `${name} select (${how})`, ours: [['defaultValue', control.selectValue(name).defaultValue]], conforms: [['defaultValue', control.select(name).defaultValue]] })
      }
      return null
    }
    renderToStaticMarkup(<Probe />)
    expect(pairs).toHaveLength(2 * 9 * 10)
    for (const pair of pairs) expect(pair.ours, pair.label).toEqual(pair.conforms)
    return pairs
  }

  test('an empty form, stored values (strings, numbers, a list, a checked box) and a bad submission: the same values', () => {
    collectValues()
    const stored = collectValues(undefined, { name: 'Ada', note: 'Zeile 1\nZeile 2', code: 'ABC', count: 3, day: '2026-12-07', kind: 'B', languages: ['deu', 'ara'], shared: 'on', hidden: '' })
    expect(Object.fromEntries(stored.find((pair) => pair.label === 'languages select (snapshot)')!.ours).defaultValue).toEqual(['deu', 'ara'])
    expect(Object.fromEntries(stored.find((pair) => pair.label === 'shared {"type":"checkbox"} (snapshot)')!.ours).defaultChecked).toBe(true)
    expect(Object.fromEntries(stored.find((pair) => pair.label === 'name {"type":"text"} (snapshot)')!.ours).defaultValue).toBe('Ada')
    const failed = collectValues(badSubmission())
    expect(Object.fromEntries(failed.find((pair) => pair.label === 'count select (fields)')!.ours).defaultValue).toBe('0')
  })
})
