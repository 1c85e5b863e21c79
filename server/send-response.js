// Writes a Remix response to Node's response with backpressure: the next chunk is read from the
// body only once the connection (through compression) has taken the previous one.
//
// Why not @remix-run/express's own sendRemixResponse (2.17): it calls res.write() for every chunk
// the body yields without waiting for 'drain', so a body that is produced a page at a time on demand
// (the audit-log CSV export, streamAuditCsv) is read as fast as the database answers and piles up,
// uncompressed, in zlib's and the socket's buffers while the client is still downloading — the
// whole export in memory after all (docs/performance.md, "Memory", session 8). Otherwise the same:
// status, headers (appended, so Set-Cookie stays several headers), event streams sent at once.

/**
 * @param {import('express').Response} res
 * @param {Response} response
 */
export async function sendResponse(res, response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders()
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
  try {
    while (true) {
      const { done, value } = await reader.read()
      if (done) break
      if (!res.write(value) && !(await drained())) {
        // The client went away: stop producing (a streamed export stops reading the database).
        await reader.cancel()
        return
      }
      // Remix calls flush() after each chunk for pages that stream deferred data; server/index.js
      // takes it away (no page does), so this is a no-op there and kept for parity.
      if (typeof res.flush === 'function') res.flush()
    }
    res.end()
  } catch (error) {
    res.destroy(error)
    throw error
  }
}
