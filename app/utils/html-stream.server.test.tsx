// React 18.3's stream renderer pads a 2,048-byte chunk with zero bytes where a multi-byte character
// did not fit (react/react#31134); the server drops them (app/entry.server.tsx).
import { PassThrough } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { dropZeroBytesOnWrite, withoutZeroBytes } from './html-stream.server.ts'

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
