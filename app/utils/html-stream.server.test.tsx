// React 18.3's stream renderer pads a 2,048-byte chunk with zero bytes where a multi-byte character
// did not fit (react/react#31134); the server drops them (app/entry.server.tsx).
import { PassThrough } from 'node:stream'
import { Suspense } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { dropZeroBytesOnWrite, pageBody, withoutZeroBytes } from './html-stream.server.ts'

// React writes short strings into its 2,048-byte buffer one by one (a long one goes out whole).
function Page({ words }: { words: string[] }) {
  return (
    <main>
      {words.map((word, index) => (
        <p key={index} title={word}>
          {word}
        </p>
      ))}
    </main>
  )
}

function expectedMarkup(words: string[]) {
  return `<main>${words.map((word) => `<p title="${word}">${word}</p>`).join('')}</main>`
}

function render(words: string[], drop: boolean) {
  return new Promise<Buffer>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(
      <Page words={words} />,
      {
        onAllReady() {
          const body = new PassThrough()
          if (drop) dropZeroBytesOnWrite(body)
          const chunks: Buffer[] = []
          body.on('data', (chunk: Buffer) => chunks.push(chunk))
          body.on('end', () => resolve(Buffer.concat(chunks)))
          pipe(body)
        },
        onShellError: reject,
      },
    )
  })
}

// Pages of short words with "ö", "€" or "🙂", shifted so that such a character falls on every
// position around the chunk boundaries.
const pages = ['Französisch', 'Preis 5 €', 'gut 🙂'].flatMap((word) => Array.from({ length: 8 }, (_, shift) => ['a'.repeat(shift + 1), ...Array.from({ length: 400 }, () => word)]))

describe('the page stream without React 18.3’s zero bytes', () => {
  test('React itself pads some chunk with zero bytes (when this fails, React is fixed and the workaround can go)', async () => {
    const outputs = await Promise.all(pages.map((words) => render(words, false)))
    expect(outputs.some((output) => output.includes(0))).toBe(true)
  })

  test('with the workaround: no zero byte, and exactly the markup React means to write', async () => {
    for (const words of pages) {
      const output = await render(words, true)
      expect(output.includes(0)).toBe(false)
      expect(output.toString('utf8')).toBe(expectedMarkup(words))
    }
  })

  test('a chunk without zero bytes is passed on as it is', () => {
    const chunk = new TextEncoder().encode('Französisch')
    expect(withoutZeroBytes(chunk)).toBe(chunk)
    expect(withoutZeroBytes('text')).toBe('text')
    expect([...withoutZeroBytes(Uint8Array.of(65, 0, 66, 0, 0))]).toEqual([65, 66])
  })
})

/** The pieces of the body pageBody() hands on, React writing into its sink as in app/entry.server.tsx. */
function renderPieces(element: React.ReactElement, ready: 'onShellReady' | 'onAllReady' = 'onAllReady') {
  return new Promise<Uint8Array[]>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      [ready]() {
        const { sink, body } = pageBody()
        pipe(sink)
        void (async () => {
          const pieces: Uint8Array[] = []
          const reader = body.getReader()
          for (let next = await reader.read(); !next.done; next = await reader.read()) pieces.push(next.value)
          resolve(pieces)
        })().catch(reject)
      },
      onShellError: reject,
    })
  })
}

// A part of the page that is ready only later (a page that streams deferred data; none does today).
function Later({ ready, text }: { ready: Promise<void> & { done?: true }; text: string }) {
  if (!ready.done) throw ready
  return <p>{text}</p>
}

describe('the page body in one piece per flush of React’s (pageBody)', () => {
  test('a page comes as one piece: exactly the markup, no zero bytes, the same bytes as through the PassThrough', async () => {
    for (const words of pages) {
      const pieces = await renderPieces(<Page words={words} />)
      expect(pieces).toHaveLength(1)
      const output = Buffer.from(pieces[0]!)
      expect(output.includes(0)).toBe(false)
      expect(output.toString('utf8')).toBe(expectedMarkup(words))
      expect(output.equals(await render(words, true))).toBe(true)
    }
  })

  test('a page that streams still streams: the shell first, the later part in a piece of its own', async () => {
    const ready = Object.assign(new Promise<void>((resolve) => setTimeout(resolve, 50)), {} as { done?: true })
    void ready.then(() => (ready.done = true))
    const pieces = await renderPieces(
      <main>
        <h1>{'shell'}</h1>
        <Suspense fallback={<p>{'waiting'}</p>}>
          <Later ready={ready} text="later" />
        </Suspense>
      </main>,
      'onShellReady',
    )
    expect(pieces.length).toBeGreaterThanOrEqual(2)
    const [shell, ...rest] = pieces.map((piece) => new TextDecoder().decode(piece))
    expect(shell).toContain('<h1>shell</h1>')
    expect(shell).toContain('waiting')
    expect(shell).not.toContain('later')
    expect(rest.join('')).toContain('later')
  })

  test('a body whose reader cancels destroys the sink (React, seeing it close, stops); an error errors the body', async () => {
    const { sink, body } = pageBody()
    sink.write(Buffer.from('<p>a</p>'))
    const closed = new Promise((resolve) => sink.once('close', resolve))
    await body.cancel()
    await closed
    expect(sink.destroyed).toBe(true)

    const failing = pageBody()
    failing.sink.on('error', () => {})
    failing.sink.destroy(new Error('render failed'))
    await expect(failing.body.getReader().read()).rejects.toThrow('render failed')
  })

  test('a second end() of an ended sink is ignored (no ERR_STREAM_ALREADY_FINISHED)', async () => {
    const { sink, body } = pageBody()
    sink.write(Buffer.from('<p>a</p>'))
    sink.end()
    const errors: unknown[] = []
    sink.on('error', (error) => errors.push(error))
    let callbackError: unknown = 'not called'
    sink.end(() => (callbackError = undefined))
    const reader = body.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('<p>a</p>')
    expect((await reader.read()).done).toBe(true)
    expect(errors).toEqual([])
    expect(callbackError).toBe('not called')
  })
})
