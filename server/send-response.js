// Writes a Remix response to Node's response with backpressure: the next chunk is read from the
// body only once the connection (through compression) has taken the previous one.
//
// Why not @remix-run/express's own sendRemixResponse (2.17): it calls res.write() for every chunk
// the body yields without waiting for 'drain', so a body that is produced a page at a time on demand
// (the audit-log CSV export, streamAuditCsv) is read as fast as the database answers and piles up,
// uncompressed, in zlib's and the socket's buffers while the client is still downloading — the
// whole export in memory after all (docs/performance.md, "Memory", session 8). Otherwise the same:
// status, headers (appended, so Set-Cookie stays several headers), event streams sent at once.
//
// Chunks are gathered up to COALESCE_BYTES before they are written. React hands a page over in
// views of about 2 kB — a 55 kB page arrives as ≈ 21 chunks — and every res.write() through
// compression is a separate deflate call queued to libuv's thread pool: measured, one 55 kB page
// costs 1.6 ms of CPU compressed in 21 writes and 0.8 ms in one (docs/performance.md, "Every
// page's compression", session 9). No page streams deferred data, so holding a page back until it
// is rendered changes nothing a reader sees; a streamed export still flows, 64 kB at a time, with
// backpressure. Event streams are written chunk by chunk (a held-back event would be a late one).
//
// A page (text/html) is held whole, whatever its size: React hands it on in three pieces (the page,
// then the hydration data's script, then the document's last bytes; app/utils/html-stream.server.ts
// passes on one piece per flush of React's), and a page over COALESCE_BYTES — /team's 73 kB, the
// master-data form's 97 kB — was written and then ended: two brotli calls on libuv's pool and their
// stream callbacks instead of one end() (docs/performance.md, "The HTTP path per page", session 25).
// Its first piece is already the whole rendered page, so holding the rest keeps nothing in memory
// that is not there anyway.

export const COALESCE_BYTES = 64 * 1024

/**
 * @param {import('express').Response} res
 * @param {Response} response
 */
export async function sendResponse(res, response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  const contentType = response.headers.get('Content-Type') ?? ''
  const eventStream = /text\/event-stream/i.test(contentType)
  const page = /^text\/html/i.test(contentType)
  if (eventStream) res.flushHeaders()
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  // One 'drain' and one 'close' listener for the whole response, waking whoever waits: compression
  // hands 'drain' listeners to its zlib stream, where res.off() would not find them again.
  let closed = false
  let wake = null
  const waken = (more) => {
    const resolve = wake
    wake = null
    resolve?.(more)
  }
  res.on('drain', () => waken(true))
  res.on('close', () => {
    closed = true
    waken(false)
  })
  const drained = () => (closed ? Promise.resolve(false) : new Promise((resolve) => (wake = resolve)))
  let held = []
  let heldBytes = 0
  try {
    let next = await reader.read()
    while (!next.done) {
      if (closed) {
        await reader.cancel()
        return
      }
      held.push(next.value)
      heldBytes += next.value.byteLength
      // Read on before writing: the piece that turns out to be the last goes out with res.end(), so a
      // body that arrives whole is one end() — one deflate call that also finishes the stream, no wait
      // for 'drain' — even when it is larger than COALESCE_BYTES; a page is one end() in any case.
      // A streamed export is read at most one piece ahead.
      if (!eventStream) next = await reader.read()
      if (!eventStream && (page || heldBytes < COALESCE_BYTES || next.done)) continue
      if (closed) {
        await reader.cancel()
        return
      }
      const chunk = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes)
      held = []
      heldBytes = 0
      if (!res.write(chunk) && !(await drained())) {
        // The client went away: stop producing (a streamed export stops reading the database).
        await reader.cancel()
        return
      }
      // Remix calls flush() after each chunk for pages that stream deferred data; server/index.js
      // takes it away (no page does), so this is a no-op there and kept for parity.
      if (typeof res.flush === 'function') res.flush()
      if (eventStream) next = await reader.read()
    }
    if (held.length === 0) res.end()
    else res.end(held.length === 1 ? held[0] : Buffer.concat(held, heldBytes))
  } catch (error) {
    res.destroy(error)
    throw error
  }
}
