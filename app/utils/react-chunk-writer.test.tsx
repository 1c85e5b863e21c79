// React's Node stream renderer as patched (decision 200): a string chunk that certainly fits in what is
// left of the 2,048-byte view is written into it in place (Buffer#utf8Write) instead of through a
// subarray and TextEncoder#encodeInto. The renderer writes the same chunks, byte for byte and cut at the
// same places, as the unpatched one — rebuilt here from the patched file by taking the patch's change
// out again — including the zero bytes React 18.3 leaves where a multi-byte character did not fit
// (app/utils/html-stream.server.ts drops those).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Writable } from 'node:stream'
import type * as ReactDomServer from 'react-dom/server'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, test, vi } from 'vitest'

const require = createRequire(import.meta.url)
type Server = typeof ReactDomServer

// The package's exports name only its entry points: its files are found from its package.json.
const CJS = path.join(path.dirname(require.resolve('react-dom/package.json')), 'cjs')
const FILES = {
  production: path.join(CJS, 'react-dom-server.node.production.min.js'),
  development: path.join(CJS, 'react-dom-server.node.development.js'),
}

/** The patch's change, as it stands in each file, and the unpatched code it replaces. */
const CHANGES = {
  production: [
    [
      'else if(3*b.length<=2048-l)l+=k.utf8Write(b,l),2048===l&&(t(a,k),k=Buffer.alloc(2048),l=0);else{',
      'else{',
    ],
    ['Buffer.alloc(2048)', 'new Uint8Array(2048)'],
  ],
  development: [
    [/\n {2}\/\/ Wegbegleiter \(decision 200\)[^]*?\n {4}return;\n {2}}\n/, '\n'],
    ['Buffer.alloc(VIEW_SIZE)', 'new Uint8Array(VIEW_SIZE)'],
  ],
} as const

function load(source: string): Server {
  const module = { exports: {} as Server }
  new Function('require', 'module', 'exports', source)(require, module, module.exports)
  return module.exports
}

function unpatched(file: keyof typeof FILES): Server {
  let source = fs.readFileSync(FILES[file], 'utf8')
  for (const [patched, original] of CHANGES[file]) {
    const replaced =
      typeof patched === 'string' ? source.split(patched).join(original) : source.replace(patched, original)
    // The file must hold the patch: otherwise this comparison would compare the unpatched file with itself.
    expect(replaced).not.toBe(source)
    source = replaced
  }
  expect(source).not.toContain('utf8Write')
  expect(source).not.toContain('Buffer.alloc')
  return load(source)
}

/** Every chunk the renderer hands to its destination, as written. */
function chunks(server: Server, element: React.ReactElement): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const written: Uint8Array[] = []
    const sink = new Writable({
      objectMode: true,
      write(chunk: Uint8Array, _encoding, callback) {
        // A copy: the renderer never writes into a view it handed on, and this makes sure of it.
        written.push(Uint8Array.from(chunk))
        callback()
      },
      final(callback) {
        resolve(written)
        callback()
      },
    })
    const { pipe } = server.renderToPipeableStream(element, {
      onAllReady: () => pipe(sink),
      onShellError: reject,
    })
  })
}

const bytes = (list: Uint8Array[]) => Buffer.concat(list)
const withoutZeroBytes = (buffer: Buffer) => Buffer.from(buffer.filter((byte) => byte !== 0))

/** Short texts and attributes: each element a handful of chunks that fit in the view. */
function List({ lead, words }: { lead: string; words: string[] }) {
  return (
    <main>
      <h1>{lead}</h1>
      {words.map((word, index) => (
        <p key={index} title={word} data-index={index}>
          {word}
          <span>{index}</span>
        </p>
      ))}
    </main>
  )
}

const WORDS = [
  'Beratung',
  'Größe',
  'Straße',
  'ÄÖÜäöüß',
  '€ 12,50',
  'اللغة',
  '日本語',
  '😀 👩‍👩‍👧',
  'a\ud800b',
  '\udc00',
  'x\ud83d',
]

function pseudoRandomWords(seed: number, count: number) {
  const alphabet = ['a', 'Z', ' ', '&', '<', '"', 'ö', 'ß', '€', 'ع', '語', '😀', '\ud800', '\udfff', '\n']
  let state = seed
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648)
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + (next() % 40) }, () => alphabet[next() % alphabet.length]).join(''),
  )
}

describe.each(['production', 'development'] as const)("react-dom's %s stream renderer", (file) => {
  const patched: Server = require(FILES[file])
  const original = unpatched(file)

  afterEach(() => {
    vi.restoreAllMocks()
  })

  test('writes the same chunks as the unpatched renderer wherever the view ends', async () => {
    // The lead text shifts every later chunk by one byte a step: over 2,100 steps every chunk
    // boundary meets the view's end once, and every multi-byte character lies across it once.
    for (let shift = 0; shift < 2100; shift += file === 'production' ? 1 : 7) {
      const element = (
        <List
          lead={'l'.repeat(shift % 700) + 'ö'.repeat(Math.floor(shift / 700))}
          words={WORDS.concat(WORDS, WORDS)}
        />
      )
      const [a, b] = await Promise.all([chunks(original, element), chunks(patched, element)])
      expect(b.map((chunk) => chunk.byteLength)).toEqual(a.map((chunk) => chunk.byteLength))
      expect(bytes(b).equals(bytes(a))).toBe(true)
    }
  })

  test('writes a long page byte for byte as the unpatched renderer and as renderToString', async () => {
    for (const seed of [1, 2, 3]) {
      const words = pseudoRandomWords(seed, 3000).concat([
        'long ' + 'ä'.repeat(700),
        'x'.repeat(682),
        'y'.repeat(683),
      ])
      const element = <List lead="Fälle" words={words} />
      const [a, b] = await Promise.all([chunks(original, element), chunks(patched, element)])
      expect(bytes(b).byteLength).toBeGreaterThan(100_000)
      expect(b.map((chunk) => chunk.byteLength)).toEqual(a.map((chunk) => chunk.byteLength))
      expect(bytes(b).equals(bytes(a))).toBe(true)
      // And what it meant to write: the string renderer's markup, once React 18.3's zero bytes are dropped.
      expect(withoutZeroBytes(bytes(b)).equals(Buffer.from(renderToString(element)))).toBe(true)
    }
  })

  test('writes a chunk that fits without encodeInto, into a Buffer view', async () => {
    // Fails without the patch: the unpatched writer encodes every string chunk through encodeInto
    // and hands on plain Uint8Arrays.
    const encodeInto = vi.spyOn(TextEncoder.prototype, 'encodeInto')
    const written = await chunks(patched, <List lead="Fälle" words={['Beratung', 'Größe']} />)
    expect(encodeInto).not.toHaveBeenCalled()
    expect(written.length).toBeGreaterThan(0)
    const views: Uint8Array[] = []
    const sink = new Writable({
      objectMode: true,
      write(chunk: Uint8Array, _encoding, callback) {
        views.push(chunk)
        callback()
      },
    })
    await new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve)
      const { pipe } = patched.renderToPipeableStream(
        <List lead="Fälle" words={pseudoRandomWords(4, 300)} />,
        {
          onAllReady: () => pipe(sink),
          onShellError: reject,
        },
      )
    })
    // The views React fills (a string longer than a view goes out as TextEncoder#encode made it).
    const full = views.filter((view) => view.byteLength === 2048)
    expect(full.length).toBeGreaterThan(3)
    expect(full.every((view) => Buffer.isBuffer(view))).toBe(true)
  })
})
