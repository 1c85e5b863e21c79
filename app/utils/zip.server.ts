// A ZIP archive of a few small files, built in memory (the XLSX export: an XLSX file is a ZIP of
// XML parts), with yazl — the ZIP writer the subject-access export uses already. Deflated entries,
// UTF-8 names; every entry is dated `modified`, so equal input gives equal bytes.
import yazl from 'yazl'

export type ZipEntry = { name: string; data: string | Uint8Array }

/** The archive's bytes. */
export async function zipArchive(entries: readonly ZipEntry[], modified: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data)
    zip.addBuffer(data, entry.name, { mtime: modified, compress: true })
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
