// React's production JSX runtime as patched (decision 200): an element whose props object has no `key`,
// `ref`, `__self` or `__source` and whose type has no defaultProps takes the object it was given as its
// props instead of a copy. The elements are the same as the unpatched runtime's — rebuilt here from the
// patched file by taking the patch's change out again — in everything React reads.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)
type Runtime = { jsx: (type: unknown, config: object, key?: unknown) => React.ReactElement; Fragment: symbol }

const FILE = path.join(
  path.dirname(require.resolve('react/package.json')),
  'cjs',
  'react-jsx-runtime.production.min.js',
)
const CHANGE =
  'if(!("key"in a||"ref"in a||"__self"in a||"__source"in a||c&&c.defaultProps))return{$$typeof:k,type:c,key:void 0===g?null:""+g,ref:null,props:a,_owner:n.current};'

function load(source: string): Runtime {
  const module = { exports: {} as Runtime }
  new Function('require', 'module', 'exports', source)(require, module, module.exports)
  return module.exports
}

const source = fs.readFileSync(FILE, 'utf8')
const patched = load(source)
const original = load(source.replace(CHANGE, ''))

function WithDefaults({ label, tone }: { label: string; tone?: string }) {
  return <b className={tone}>{label}</b>
}
WithDefaults.defaultProps = { tone: 'quiet' }

const ref = { current: null }
const CASES: [string, unknown, () => object, unknown?][] = [
  ['a plain element', 'p', () => ({ className: 'x', children: 'Größe' })],
  ['no props', 'br', () => ({})],
  ['a key as the third argument', 'li', () => ({ children: 1 }), 'k1'],
  ['a numeric key', 'li', () => ({ children: 2 }), 7],
  ['a key in the props', 'li', () => ({ key: 'k2', children: 3 })],
  ['key: undefined in the props', 'li', () => ({ key: undefined, children: 4 }), 'k3'],
  ['a ref', 'input', () => ({ ref, defaultValue: 'a' })],
  ['ref: undefined', 'input', () => ({ ref: undefined, defaultValue: 'a' })],
  ['__self and __source', 'p', () => ({ __self: null, __source: { fileName: 'x' }, children: 'y' })],
  ['a component with defaultProps', WithDefaults, () => ({ label: 'L' })],
  ['defaultProps overridden', WithDefaults, () => ({ label: 'L', tone: 'loud' })],
  ['a component', WithDefaults, () => ({ label: 'M', tone: undefined }), 'k4'],
  ['a fragment', Symbol.for('react.fragment'), () => ({ children: ['a', 'b'] })],
]

const shape = (element: React.ReactElement) => ({
  $$typeof: (element as unknown as { $$typeof: symbol }).$$typeof,
  type: element.type,
  key: element.key,
  ref: (element as unknown as { ref: unknown }).ref,
  props: { ...(element.props as object) },
})

describe("React's production JSX runtime", () => {
  test('the file holds the patch', () => {
    expect(source).toContain(CHANGE)
  })

  test.each(CASES)('%s: the same element as the unpatched runtime', (_name, type, config, key) => {
    const a = original.jsx(type, config(), key)
    const b = patched.jsx(type, config(), key)
    expect(shape(b)).toStrictEqual(shape(a))
    expect(Object.keys(b.props as object)).toEqual(Object.keys(a.props as object))
  })

  test('keeps a plain props object instead of copying it, and copies one with key or ref', () => {
    // Fails without the patch: the unpatched runtime always copies.
    const config = { className: 'x', children: 'y' }
    expect(patched.jsx('p', config).props).toBe(config)
    expect(patched.jsx('p', config, 'k').props).toBe(config)
    const withKey = { key: 'k', className: 'x' }
    expect(patched.jsx('p', withKey).props).not.toBe(withKey)
    const withRef = { ref, className: 'x' }
    expect(patched.jsx('p', withRef).props).not.toBe(withRef)
    expect(patched.jsx(WithDefaults, config).props).not.toBe(config)
  })

  test('renders the same markup', () => {
    const tree = (runtime: Runtime) =>
      runtime.jsx('main', {
        children: [
          runtime.jsx('h1', { id: 'h', children: 'Fälle' }, 'h'),
          runtime.jsx('ul', {
            children: [1, 2, 3].map((n) => runtime.jsx('li', { 'data-n': n, children: `Eintrag ${n}` }, n)),
          }),
          runtime.jsx('b', { className: undefined, children: 'Größe' }, 'w'),
          runtime.jsx('input', { ref, defaultValue: 'ä', 'aria-label': 'Feld' }, 'i'),
        ],
      })
    expect(renderToString(tree(patched))).toBe(renderToString(tree(original)))
  })
})
