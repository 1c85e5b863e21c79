// After `prisma generate` (scripts/prisma-generate.js), beside decision 055's loader: the generated
// client's parameterization graph (`config.parameterizationSchema`: a list of names and a base64url
// graph of 3,875 input and 538 output nodes) is read by Prisma's runtime into one object per node
// whose `edges` are keyed by the index of the edge's name in that list (`edges[index] = {…}`). V8
// stores such small numeric keys as a plain array as long as the index is less than 1,024 beyond
// the array's length: a node with a handful of edges named late in the list got an array of up to
// ≈ 1,800 slots (14 kB), 5.3 MB for the 26,361 input edges, live for the process's life
// (docs/performance.md, "Peak memory: where it is reached and the main isolate", session 22;
// decision 153). Starting the list with NAME_OFFSET copies of its first name moves every index
// beyond that gap, so V8 keeps each node's edges as a small hash table instead. The runtime looks a
// name up in a Map from name to index, in which a later copy of a name replaces an earlier one, so
// every name still finds its own (shifted) index; every index in the graph is shifted alike. Same
// graph, same answers: only where the indices lie differs.
import fs from 'node:fs'

/** Larger than V8's gap of 1,024 and than twice any node's hash table (which could turn it into an array again). */
export const NAME_OFFSET = 8192

/**
 * @typedef {{ name: number, scalarMask: number, childNodeId: number | undefined, enumNameIndex: number | undefined, flags: number }} InputEdge
 * @typedef {{ name: number, argsNodeId: number | undefined, outputNodeId: number | undefined }} OutputEdge
 * @typedef {{ inputNodes: InputEdge[][], outputNodes: OutputEdge[][], roots: OutputEdge[] }} Graph
 */

/**
 * A graph as the runtime reads it (format of Prisma 7.x's deserializer), with names as indices.
 * @param {string} base64url
 * @returns {Graph}
 */
export function decodeGraph(base64url) {
  const bytes = Buffer.from(base64url, 'base64url')
  let at = 0
  const varint = () => {
    let value = 0
    let shift = 0
    let byte
    do {
      byte = bytes[at++]
      if (byte === undefined) throw new Error('parameterization graph: truncated')
      value += (byte & 127) * 2 ** shift
      shift += 7
    } while (byte >= 128)
    return value
  }
  const optional = () => {
    const value = varint()
    return value === 0 ? undefined : value - 1
  }
  const uint16 = () => {
    if (at + 2 > bytes.length) throw new Error('parameterization graph: truncated')
    const value = bytes.readUInt16LE(at)
    at += 2
    return value
  }
  const uint8 = () => {
    if (at + 1 > bytes.length) throw new Error('parameterization graph: truncated')
    return bytes[at++]
  }
  const inputCount = varint()
  const outputCount = varint()
  const rootCount = varint()
  /** @type {InputEdge[][]} */
  const inputNodes = []
  for (let node = 0; node < inputCount; node++) {
    /** @type {InputEdge[]} */
    const edges = []
    for (let count = varint(), index = 0; index < count; index++) {
      const name = varint()
      const scalarMask = uint16()
      const childNodeId = optional()
      const enumNameIndex = optional()
      edges.push({ name, scalarMask, childNodeId, enumNameIndex, flags: uint8() })
    }
    inputNodes.push(edges)
  }
  /** @type {OutputEdge[][]} */
  const outputNodes = []
  for (let node = 0; node < outputCount; node++) {
    /** @type {OutputEdge[]} */
    const edges = []
    for (let count = varint(), index = 0; index < count; index++)
      edges.push({ name: varint(), argsNodeId: optional(), outputNodeId: optional() })
    outputNodes.push(edges)
  }
  /** @type {OutputEdge[]} */
  const roots = []
  for (let root = 0; root < rootCount; root++)
    roots.push({ name: varint(), argsNodeId: optional(), outputNodeId: optional() })
  if (at !== bytes.length)
    throw new Error(`parameterization graph: ${bytes.length - at} bytes after the roots`)
  return { inputNodes, outputNodes, roots }
}

/**
 * The inverse of decodeGraph: the same bytes for a decoded graph.
 * @param {Graph} graph
 */
export function encodeGraph({ inputNodes, outputNodes, roots }) {
  /** @type {number[]} */
  const out = []
  /** @param {number} value */
  const varint = (value) => {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`parameterization graph: ${value} is not an index`)
    do {
      const low = value % 128
      value = Math.floor(value / 128)
      out.push(value > 0 ? low | 128 : low)
    } while (value > 0)
  }
  /** @param {number | undefined} value */
  const optional = (value) => varint(value === undefined ? 0 : value + 1)
  varint(inputNodes.length)
  varint(outputNodes.length)
  varint(roots.length)
  for (const edges of inputNodes) {
    varint(edges.length)
    for (const edge of edges) {
      varint(edge.name)
      out.push(edge.scalarMask & 255, edge.scalarMask >> 8)
      optional(edge.childNodeId)
      optional(edge.enumNameIndex)
      out.push(edge.flags)
    }
  }
  for (const edges of outputNodes) {
    varint(edges.length)
    for (const edge of edges) {
      varint(edge.name)
      optional(edge.argsNodeId)
      optional(edge.outputNodeId)
    }
  }
  for (const root of roots) {
    varint(root.name)
    optional(root.argsNodeId)
    optional(root.outputNodeId)
  }
  return Buffer.from(out).toString('base64url')
}

/**
 * Every index into the list of names moved by `offset` (node ids stay).
 * @param {Graph} graph
 * @param {number} offset
 * @returns {Graph}
 */
export function shiftNames({ inputNodes, outputNodes, roots }, offset) {
  /** @param {number | undefined} index */
  const shift = (index) => (index === undefined ? undefined : index + offset)
  return {
    inputNodes: inputNodes.map((edges) =>
      edges.map((edge) => ({ ...edge, name: edge.name + offset, enumNameIndex: shift(edge.enumNameIndex) })),
    ),
    outputNodes: outputNodes.map((edges) => edges.map((edge) => ({ ...edge, name: edge.name + offset }))),
    roots: roots.map((root) => ({ ...root, name: root.name + offset })),
  }
}

const GENERATED =
  /config\.parameterizationSchema = \{\n {2}strings: JSON\.parse\((".*")\),\n {2}graph: "([A-Za-z0-9_-]*)"\n\}/
const OFFSET =
  /config\.parameterizationSchema = \{\n {2}\/\/ [^\n]*\n {2}strings: \[\.\.\.Array\((\d+)\)\.fill\(("(?:[^"\\]|\\.)*")\), \.\.\.JSON\.parse\((".*")\)\],\n {2}graph: "([A-Za-z0-9_-]*)"\n\}/

/**
 * The schema as class.ts holds it: as generated, or as offsetGraphNames wrote it (`offset` > 0,
 * `strings` then without the copies in front, `graph` with the shifted indices); null for another shape.
 * @param {string} source
 * @returns {{ text: string, offset: number, first?: string, strings: string[], graph: string } | null}
 */
export function readSchema(source) {
  const generated = GENERATED.exec(source)
  if (generated)
    return {
      text: generated[0],
      offset: 0,
      strings: JSON.parse(JSON.parse(generated[1])),
      graph: generated[2],
    }
  const offset = OFFSET.exec(source)
  if (offset)
    return {
      text: offset[0],
      offset: Number(offset[1]),
      first: JSON.parse(offset[2]),
      strings: JSON.parse(JSON.parse(offset[3])),
      graph: offset[4],
    }
  return null
}

/**
 * The names as the runtime sees them (the copies in front included).
 * @param {{ offset: number, first?: string, strings: string[] }} schema
 * @returns {string[]}
 */
export function runtimeStrings(schema) {
  return [...Array(schema.offset).fill(schema.first), ...schema.strings]
}

/**
 * Rewrites class.ts's parameterization schema in place; true if it was rewritten now or already.
 * A schema of another shape (a newer Prisma) is left as it is and reported (false): the client
 * still works, it only keeps the larger arrays.
 * @param {string} classFile
 */
export function offsetGraphNames(classFile) {
  const source = fs.readFileSync(classFile, 'utf8')
  const schema = readSchema(source)
  if (!schema) return false
  if (schema.offset === NAME_OFFSET) return true
  if (schema.offset !== 0 || schema.strings.length === 0) return false
  let graph
  try {
    // the format is Prisma's own: read back, it must give the same bytes
    if (encodeGraph(decodeGraph(schema.graph)) !== schema.graph) return false
    graph = encodeGraph(shiftNames(decodeGraph(schema.graph), NAME_OFFSET))
  } catch {
    return false
  }
  const text = [
    'config.parameterizationSchema = {',
    `  // Every name index moved by ${NAME_OFFSET} (scripts/lib/prisma-graph-keys.js, decision 153).`,
    `  strings: [...Array(${NAME_OFFSET}).fill(${JSON.stringify(schema.strings[0])}), ...JSON.parse(${JSON.stringify(JSON.stringify(schema.strings))})],`,
    `  graph: "${graph}"`,
    '}',
  ].join('\n')
  fs.writeFileSync(
    classFile,
    source.replace(schema.text, () => text),
  )
  return true
}
