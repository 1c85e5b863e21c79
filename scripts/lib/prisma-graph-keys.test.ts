// The generated client's parameterization graph with its name indices moved past V8's array gap (decision 153).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Debug } from '@prisma/client/runtime/client'
import { describe, expect, test, vi } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import {
  decodeGraph,
  encodeGraph,
  NAME_OFFSET,
  offsetGraphNames,
  readSchema,
  runtimeStrings,
  shiftNames,
} from './prisma-graph-keys.js'

const classFile = path.join(
  import.meta.dirname,
  '..',
  '..',
  'app',
  'generated',
  'prisma',
  'internal',
  'class.ts',
)

type Graph = ReturnType<typeof decodeGraph>

/**
 * Every answer the runtime's look-ups can give, as it computes them: a name's index from a Map in
 * which a later copy of a name replaces an earlier one; a node's edge by that index; an enum's and a
 * root's name from the list.
 */
function answers(strings: string[], graph: Graph) {
  const index = new Map<string, number>()
  strings.forEach((name, at) => index.set(name, at))
  // an edge answers for its name when the Map leads that name to the edge's index
  const byName = <Edge extends { name: number }>(edges: Edge[]) =>
    edges
      .filter((edge) => index.get(strings[edge.name]!) === edge.name)
      .map((edge) => ({ ...edge, name: strings[edge.name]! }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return {
    inputs: graph.inputNodes.map((edges) =>
      byName(edges).map(({ name, scalarMask, childNodeId, enumNameIndex, flags }) => ({
        name,
        scalarMask,
        childNodeId,
        enumName: enumNameIndex === undefined ? undefined : strings[enumNameIndex],
        flags,
      })),
    ),
    outputs: graph.outputNodes.map((edges) =>
      byName(edges).map(({ name, argsNodeId, outputNodeId }) => ({ name, argsNodeId, outputNodeId })),
    ),
    roots: graph.roots.map((root) => ({
      name: strings[root.name],
      argsNodeId: root.argsNodeId,
      outputNodeId: root.outputNodeId,
    })),
  }
}

describe("the generated client's parameterization graph", () => {
  test('is offset (a plain `prisma generate` undoes it: run scripts/prisma-generate.js)', () => {
    const schema = readSchema(fs.readFileSync(classFile, 'utf8'))
    expect(schema?.offset).toBe(NAME_OFFSET)
    const graph = decodeGraph(schema!.graph)
    const indices = [
      ...graph.inputNodes.flat().flatMap((edge) => [edge.name, edge.enumNameIndex ?? NAME_OFFSET]),
      ...graph.outputNodes.flat().map((edge) => edge.name),
      ...graph.roots.map((root) => root.name),
    ]
    expect(Math.min(...indices)).toBeGreaterThanOrEqual(NAME_OFFSET)
    expect(Math.max(...indices)).toBeLessThan(NAME_OFFSET + schema!.strings.length)
  })

  test('answers every look-up of the runtime as the generated graph does', () => {
    const schema = readSchema(fs.readFileSync(classFile, 'utf8'))!
    const shifted = decodeGraph(schema.graph)
    const generated = shiftNames(shifted, -schema.offset)
    expect(answers(runtimeStrings(schema), shifted)).toEqual(answers(schema.strings, generated))
    // the graph has what the comparison needs to mean something
    expect(generated.inputNodes.flat().length).toBeGreaterThan(10_000)
    expect(
      generated.inputNodes.flat().filter((edge) => edge.childNodeId !== undefined).length,
    ).toBeGreaterThan(1_000)
    expect(generated.roots.length).toBeGreaterThan(100)
  })

  test('is read and written back byte for byte, and a graph of another format is refused', () => {
    const { graph } = readSchema(fs.readFileSync(classFile, 'utf8'))!
    expect(encodeGraph(decodeGraph(graph))).toBe(graph)
    const bytes = Buffer.from(graph, 'base64url')
    expect(() => decodeGraph(Buffer.concat([bytes, Buffer.from([0])]).toString('base64url'))).toThrow(
      /after the roots/,
    )
    expect(() => decodeGraph(bytes.subarray(0, bytes.length - 1).toString('base64url'))).toThrow(/truncated/)
  })

  test('rewrites a generated schema once, and leaves one of another shape alone', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-graph-keys-'))
    try {
      const strings = ['where', 'id', 'Status', 'findMany', 'name']
      const graph: Graph = {
        inputNodes: [
          [
            { name: 1, scalarMask: 1, childNodeId: undefined, enumNameIndex: undefined, flags: 1 },
            { name: 4, scalarMask: 0, childNodeId: 1, enumNameIndex: 2, flags: 34 },
          ],
          [{ name: 0, scalarMask: 300, childNodeId: 0, enumNameIndex: undefined, flags: 32 }],
        ],
        outputNodes: [[{ name: 4, argsNodeId: 0, outputNodeId: undefined }]],
        roots: [{ name: 3, argsNodeId: 0, outputNodeId: 0 }],
      }
      const generated = `before\nconfig.parameterizationSchema = {\n  strings: JSON.parse(${JSON.stringify(JSON.stringify(strings))}),\n  graph: "${encodeGraph(graph)}"\n}\nafter\n`
      const file = path.join(folder, 'class.ts')
      fs.writeFileSync(file, generated)
      expect(offsetGraphNames(file)).toBe(true)
      const rewritten = fs.readFileSync(file, 'utf8')
      expect(rewritten.startsWith('before\n') && rewritten.endsWith('\nafter\n')).toBe(true)
      const schema = readSchema(rewritten)!
      expect(schema.offset).toBe(NAME_OFFSET)
      expect(schema.strings).toEqual(strings)
      expect(runtimeStrings(schema)).toHaveLength(NAME_OFFSET + strings.length)
      expect(decodeGraph(schema.graph)).toEqual(shiftNames(graph, NAME_OFFSET))
      expect(answers(runtimeStrings(schema), decodeGraph(schema.graph))).toEqual(answers(strings, graph))
      // the strings expression evaluates to the list the runtime gets
      const expression = /strings: (\[.*\]),\n/.exec(rewritten)![1]!
      expect(new Function(`return ${expression}`)()).toEqual(runtimeStrings(schema))
      expect(offsetGraphNames(file)).toBe(true)
      expect(fs.readFileSync(file, 'utf8')).toBe(rewritten)

      const other = 'config.parameterizationSchema = loadSomehow()\n'
      fs.writeFileSync(file, other)
      expect(offsetGraphNames(file)).toBe(false)
      expect(fs.readFileSync(file, 'utf8')).toBe(other)
      const trailing = generated.replace(
        encodeGraph(graph),
        Buffer.concat([Buffer.from(encodeGraph(graph), 'base64url'), Buffer.from([7])]).toString('base64url'),
      )
      fs.writeFileSync(file, trailing)
      expect(offsetGraphNames(file)).toBe(false)
      expect(fs.readFileSync(file, 'utf8')).toBe(trailing)
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
  })
})

// The tests above compare the graph's answers as `answers` computes them, a model of the runtime's
// look-ups. This one asks Prisma's own runtime: a query's values are parameterized only where its
// look-ups find the edges, and only a parameterized query finds its plan in the query plan cache
// when a value changes. Should a newer runtime look the names up otherwise (the first of equal
// names instead of the last, say), the offset graph would answer "no edge" and every query would be
// compiled anew; the answers stay right, so no other test would see it.
describe("Prisma's runtime with the offset graph", () => {
  test('reuses the query plan when only the values change, for names from the first of the list to late ones', async () => {
    const teams = await prisma.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
    expect(teams.length).toBeGreaterThanOrEqual(2)
    const [first, second] = teams as [(typeof teams)[number], (typeof teams)[number]]
    const queries: Array<[string, (value: (typeof teams)[number]) => Promise<unknown>]> = [
      // `where` is the first name of the list, the one whose copies are put in front
      ['team by id', (team) => prisma.team.findUnique({ where: { id: team.id }, select: { name: true } })],
      [
        'cases by team and status, ordered, taken',
        (team) =>
          prisma.case.findMany({
            where: { teamId: team.id, status: { in: ['ACTIVE', 'PAUSED'] }, sharedForSubstitution: false },
            orderBy: { createdAt: 'desc' },
            take: 3,
            select: { id: true, client: { select: { pseudonymCode: true } } },
          }),
      ],
      ['users of a team, counted', (team) => prisma.user.count({ where: { teamId: team.id, active: true } })],
    ]
    const lines: string[] = []
    const warn = vi
      .spyOn(console, 'warn')
      .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
    const debugBefore = Debug.disable()
    Debug.enable('prisma:client:clientEngine')
    try {
      for (const [name, query] of queries) {
        await query(first)
        lines.length = 0
        await query(second)
        expect(
          lines.filter((line) => line.includes('query plan cache')),
          name,
        ).toEqual([expect.stringContaining('query plan cache hit')])
      }
      // the reused plan answers for its own values
      expect(await prisma.team.findUnique({ where: { id: second.id }, select: { name: true } })).toEqual({
        name: second.name,
      })
    } finally {
      Debug.disable()
      if (debugBefore) Debug.enable(debugBefore)
      warn.mockRestore()
    }
  })
})
