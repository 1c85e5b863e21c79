import { Writable } from 'node:stream'
import { type ReactElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'

/** What React's Node stream renderer (the one the server uses) writes for `element`, as bytes. */
export function streamed(element: ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk))
        callback()
      },
    })
    sink.on('finish', () => resolve(Buffer.concat(chunks)))
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(sink), onError: reject })
  })
}
