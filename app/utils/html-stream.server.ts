// React 18.3's Node stream renderer writes its output in 2,048-byte chunks. When a character of
// several UTF-8 bytes does not fit at a chunk's end, it sends the whole chunk anyway — the unused
// last one to three bytes are zero (react/react#31134, not fixed in React 18). German text puts an
// "ö" on such a boundary often enough: a NUL in the page's text is dropped by the browser, but in
// an attribute or in the hydration data's <script> it becomes U+FFFD — a changed value.
// UTF-8 encodes nothing but U+0000 itself as a zero byte, and no page has a reason to contain U+0000,
// so dropping zero bytes from what React writes restores exactly what it meant to write.
import { type Writable } from 'node:stream'

/** `chunk` without its zero bytes (the same object when it has none: the common case, one native scan). */
export function withoutZeroBytes<Chunk>(chunk: Chunk): Chunk {
  if (!(chunk instanceof Uint8Array) || chunk.indexOf(0) === -1) return chunk
  return Buffer.from(chunk.filter((byte) => byte !== 0)) as Chunk
}

/** Makes every write of React's renderer to `body` drop the zero bytes of its chunks. */
export function dropZeroBytesOnWrite(body: Writable) {
  const write = body.write.bind(body) as (chunk: unknown, ...rest: unknown[]) => boolean
  body.write = ((chunk: unknown, ...rest: unknown[]) => write(withoutZeroBytes(chunk), ...rest)) as typeof body.write
}
