// Server CPU per request of each kind in the write mix of scripts/bench-load.ts (save a contact,
// open the master-data form, save it), one signed-in counsellor, one request at a time, so that the
// server's CPU time between two readings belongs to the requests in between. With `--compare
// <checkout>` a second server from another built checkout answers the same requests in turn
// (blocks of a few requests, alternating which server goes first), for a paired A/B under load.
//   npx tsx scripts/bench-write-cost.ts [--rounds 20] [--block 10] [--compare /path/to/checkout]
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { officeDay } from '../app/domain/follow-up.ts'
import { startServerProcess, type ServerProcess } from '../tests/setup/server-process.ts'
import { contactFormBody, editFormBody, editFormFrom, prepareLoadUsers } from './bench-load.ts'
import { processCpuMs, signIn } from './lib/bench-helpers.ts'
import { prepareDatabase } from './lib/data-generator.ts'
import { root } from './lib/root.js'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    block: { type: 'string', default: '10' },
    compare: { type: 'string' },
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
})
const rounds = Number(values.rounds)
const block = Number(values.block)
const source = path.join(root, 'tests', '.tmp', `bench-${values.cases}-${values.seed}.db`)
const allKinds = ['healthz', 'about', 'contact', 'edit-form', 'edit-save'] as const
type Kind = (typeof allKinds)[number]
// --only contact,edit-save: just these kinds (e.g. to profile one of them)
const kinds = values.only ? allKinds.filter((kind) => values.only!.split(',').includes(kind)) : allKinds

type Side = {
  name: string
  server: ServerProcess
  copy: string
  cookie: string
  caseId: string
  topicId: number
  form: { version: string; base: string } | null
  cpu: Record<Kind, number[]>
  statuses: Record<string, number>
}

function removeDatabase(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true })
}

async function startSide(name: string, from: string): Promise<Side> {
  const copy = path.join(root, 'tests', '.tmp', `bench-write-cost-${process.pid}-${name}.db`)
  removeDatabase(copy)
  fs.copyFileSync(source, copy)
  prepareDatabase(copy)
  const prepared = prepareLoadUsers(copy, 1)
  const server = await startServerProcess(copy, {}, { from })
  const user = prepared.users[0]!
  const cookie = await signIn(server.origin, user.email, 'Load-Bench-Password-2026!')
  return { name, server, copy, cookie, caseId: user.caseId, topicId: prepared.topicId, form: null, cpu: { healthz: [], about: [], contact: [], 'edit-form': [], 'edit-save': [] }, statuses: {} }
}

async function send(side: Side, kind: Kind) {
  const origin = side.server.origin
  const headers = { cookie: side.cookie }
  const writes = { ...headers, origin, 'content-type': 'application/x-www-form-urlencoded' }
  let answer: Response
  if (kind === 'healthz') answer = await fetch(`${origin}/healthz`)
  else if (kind === 'about') answer = await fetch(`${origin}/about`, { headers })
  else if (kind === 'contact') {
    const body = contactFormBody({ marker: `cost-${randomUUID()}`, topicId: side.topicId, day: officeDay(new Date()) })
    answer = await fetch(`${origin}/cases/${side.caseId}/contacts/new`, { method: 'POST', redirect: 'manual', headers: writes, body })
  } else if (kind === 'edit-form') {
    answer = await fetch(`${origin}/cases/${side.caseId}/edit`, { headers })
    const html = await answer.text()
    side.form = editFormFrom(html)
  } else {
    // The form read last; each save moves it on as the server will (householdChildren + 1, version + 1).
    const form = side.form!
    answer = await fetch(`${origin}/cases/${side.caseId}/edit`, { method: 'POST', redirect: 'manual', headers: writes, body: editFormBody(form) })
    const base = JSON.parse(form.base) as Record<string, unknown>
    base.householdChildren = String((Number(base.householdChildren) + 1) % 6)
    side.form = { version: String(Number(form.version) + 1), base: JSON.stringify(base) }
  }
  if (!answer.bodyUsed) await answer.arrayBuffer()
  const key = `${kind} ${answer.status}`
  side.statuses[key] = (side.statuses[key] ?? 0) + 1
}

async function measure(side: Side, kind: Kind) {
  const before = processCpuMs(side.server.child.pid)!
  for (let index = 0; index < block; index++) await send(side, kind)
  side.cpu[kind].push((processCpuMs(side.server.child.pid)! - before) / block)
}

const sides: Side[] = []
try {
  sides.push(await startSide('this', root))
  if (values.compare) sides.push(await startSide('compared', path.resolve(values.compare)))
  // Warm-up: compile code, fill caches.
  for (const side of sides) {
    await send(side, 'edit-form')
    for (let index = 0; index < 30; index++) for (const kind of kinds) await send(side, kind === 'edit-save' && !side.form ? 'edit-form' : kind)
  }
  const loadAtStart = os.loadavg().map((value) => value.toFixed(1)).join(' / ')
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse()
    for (const kind of kinds) for (const side of order) await measure(side, kind)
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length
  console.log(`${new Date().toISOString()} load at start ${loadAtStart}; ${rounds} rounds × ${block} requests per kind and server; server CPU ms per request (median of rounds / mean)`)
  console.log(`| kind | ${sides.map((side) => side.name).join(' | ')} |${sides.length > 1 ? ' this ÷ compared (means) |' : ''}`)
  for (const kind of kinds) {
    const cells = sides.map((side) => `${median(side.cpu[kind]).toFixed(2)} / ${mean(side.cpu[kind]).toFixed(2)}`)
    const ratio = sides.length > 1 ? ` ${(mean(sides[0]!.cpu[kind]) / mean(sides[1]!.cpu[kind])).toFixed(2)} |` : ''
    console.log(`| ${kind} | ${cells.join(' | ')} |${ratio}`)
  }
  for (const side of sides) console.log(side.name, JSON.stringify(side.statuses))
} finally {
  for (const side of sides) {
    await side.server.stop()
    removeDatabase(side.copy)
  }
}
