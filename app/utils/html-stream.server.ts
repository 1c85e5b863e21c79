// React 18.3's Node stream renderer writes its output in 2,048-byte chunks. When a character of
// several UTF-8 bytes does not fit at a chunk's end, it sends the whole chunk anyway — the unused
// last one to three bytes are zero (react/react#31134, not fixed in React 18). German text puts an
// "ö" on such a boundary often enough: a NUL in the page's text is dropped by the browser, but in
// an attribute or in the hydration data's <script> it becomes U+FFFD — a changed value.
// UTF-8 encodes nothing but U+0000 itself as a zero byte, and no page has a reason to contain U+0000,
// so dropping zero bytes from what React writes restores exactly what it meant to write.
import { Writable } from 'node:stream'

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

/**
 * The page's body as React writes it, handed on in one piece per flush of React's (issue 19, decision 167).
 * React's renderer writes its output in 2,048-byte chunks and calls the destination's flush() once it
 * has written everything it has ready; for a page without deferred data that is once, with the whole
 * page. A PassThrough bridged to a web stream (createReadableStreamFromReadable) passed on every
 * chunk by itself — a 96 kB page as 47 writes, 'data' events, enqueues and reads. Here the chunks are
 * kept until React flushes or ends and go on as one, without their zero bytes (dropped from the whole
 * piece: the same bytes as from each chunk). A page that streams deferred data still streams: every
 * flush of React's is a piece. When the reader cancels (the client went away), the sink is destroyed
 * and React, seeing it close, stops rendering.
 */
export function pageBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let finished = false
  let held: Buffer[] = []
  let heldBytes = 0
  const handOn = () => {
    if (heldBytes === 0 || finished) return
    const piece = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes)
    held = []
    heldBytes = 0
    controller.enqueue(withoutZeroBytes(piece))
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      held.push(chunk)
      heldBytes += chunk.byteLength
      callback()
    },
    final(callback) {
      handOn()
      if (!finished) controller.close()
      finished = true
      callback()
    },
    destroy(error, callback) {
      // As the bridge did: an error errors the body, a close before the end closes it where it is.
      if (!finished) {
        handOn()
        if (error) controller.error(error)
        else controller.close()
      }
      finished = true
      callback(error)
    },
  }) as Writable & { flush(): void }
  sink.flush = handOn
  // React ends the stream when the page is complete and, when the stream then closes, tries to end it
  // once more; Node answers that second end() with an ERR_STREAM_ALREADY_FINISHED error whose stack
  // trace costs ≈ 0.2 ms of every page (issue 19's profiles). A stream that has ended is left as it is.
  const end = sink.end.bind(sink)
  sink.end = ((...args: Parameters<typeof end>) => (sink.writableEnded ? sink : end(...args))) as typeof sink.end
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController
    },
    cancel() {
      finished = true
      sink.destroy()
    },
  })
  return { sink, body }
}
