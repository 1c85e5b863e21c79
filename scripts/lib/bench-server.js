// The production server for the benchmark (scripts/bench.ts), on an ephemeral port: prints
// `LISTENING <port>` once ready, so the parent knows where to send requests.
import { createApp } from '../../server/index.js'
import { keepConnectionsAlive } from '../../server/keep-alive.js'

const app = await createApp()
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`LISTENING ${typeof address === 'object' && address ? address.port : ''}`)
})
keepConnectionsAlive(server)
const shutdown = () => server.close(() => process.exit(0))
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
// The parent holds our stdin open; when it goes (even killed outright), so do we.
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
