import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { officeYear } from '#app/domain/follow-up.ts'
import { type StatisticsJson } from '#app/domain/statistics/export.ts'
import { type CellView, formatCell } from '#app/domain/statistics/present.ts'
import { K_SETTING } from '#app/models/statistics.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { buildGoldenDataset } from '#tests/fixtures/statistics-golden.ts'
import { loader as csvLoader } from './statistics.export[.]csv.ts'
import { loader as jsonLoader } from './statistics.export[.]json.ts'
import { loader as xlsxLoader } from './statistics.export[.]xlsx.ts'
import { action, loader } from './statistics.tsx'

type PageData = {
  error: string | null
  statistics: null | {
    frozenText: string | null
    isFrozen: boolean
    tables: Array<{ id: string; sheet: string; rows: Array<{ id: string; cells: Array<{ value: number | null; format: string; status: string }> }> }>
  }
}

async function page(userId: string, path: string) {
  const result = await settle(loader({ request: await requestAs(userId, path), params: {}, context: {} }))
  return { status: statusOf(result), data: (result instanceof Response ? null : (result as unknown as { data: PageData }).data) as PageData }
}

async function exportAs(userId: string, format: 'csv' | 'json' | 'xlsx', query: string) {
  const loaders = { csv: csvLoader, json: jsonLoader, xlsx: xlsxLoader }
  return settle(loaders[format]({ request: await requestAs(userId, `/statistics/export.${format}?${query}`), params: {}, context: {} }))
}

const keyFigure = (data: PageData, row: string) => data.statistics!.tables.find((t) => t.id === 'key-figures')!.rows.find((r) => r.id === row)!.cells[0]!.value

describe('access (statisticsScopeFor)', () => {
  test('counsellors get 403, team leads only their team (another team is 404), admins any team', async () => {
    const { rostock, eae } = await getTeams()
    const counsellor = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const admin = await createUser({ role: 'ADMIN' })
    expect((await page(counsellor.id, '/statistics?year=2025')).status).toBe(403)
    expect(statusOf(await exportAs(counsellor.id, 'csv', 'year=2025'))).toBe(403)
    expect((await page(lead.id, '/statistics?year=2025')).status).toBe(200)
    expect((await page(lead.id, `/statistics?year=2025&team=${rostock.id}`)).status).toBe(200)
    expect((await page(lead.id, `/statistics?year=2025&team=${eae.id}`)).status).toBe(404)
    expect(statusOf(await exportAs(lead.id, 'json', `year=2025&team=${eae.id}`))).toBe(404)
    expect((await page(admin.id, `/statistics?year=2025&team=${eae.id}`)).status).toBe(200)
    expect((await page(admin.id, '/statistics?year=2025&team=no-such-team')).status).toBe(404)
  })

  test('a team lead sees only their team’s figures', async () => {
    await buildGoldenDataset()
    const { rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    // Rostock holds C1, C4, C5 at the end of 2025 (see the golden dataset): 2 new + 1 continuing.
    // With k = 3 both parts are small and the total would be pinned by them (S3), so k = 2 here.
    await prisma.setting.create({ data: { key: K_SETTING, value: '2' } })
    expect(keyFigure((await page(lead.id, '/statistics?year=2025')).data, 'cases')).toBe(3)
  })
})

describe('bad input is a clear message, never a 500', () => {
  test.each(['abc', '1999', '2999', '20250'])('year=%s', async (year) => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await page(admin.id, `/statistics?year=${year}`)
    expect(result.status).toBe(400)
    expect(result.data.error).toMatch(/Bitte wählen Sie ein Jahr zwischen 2000 und \d{4}\./)
    const csv = (await exportAs(admin.id, 'csv', `year=${year}`)) as Response
    expect(csv.status).toBe(400)
    expect(await csv.text()).toContain('Bitte wählen Sie ein Jahr')
  })

  test('an unknown programme is 400', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await page(admin.id, '/statistics?year=2025&programme=NOPE')
    expect(result.status).toBe(400)
    expect(result.data.error).toBe('Dieses Programm gibt es nicht.')
  })

  test('a year without data shows empty tables', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await page(admin.id, '/statistics?year=2001')
    expect(result.status).toBe(200)
    expect(keyFigure(result.data, 'clients')).toBe(0)
  })
})

describe('anonymity settings', () => {
  test.each(['1', '21', 'abc', '2.5', ''])('k=%s is refused and nothing is saved', async (k) => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await settle(action({ request: await requestAs(admin.id, '/statistics', { form: { intent: 'settings', k, method: 'suppress' } }), params: {}, context: {} }))
    expect(statusOf(result)).toBe(400)
    expect(await prisma.setting.findUnique({ where: { key: K_SETTING } })).toBeNull()
  })

  test('an administrator sets k = 5; it is audited and used by the exports', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await settle(action({ request: await requestAs(admin.id, '/statistics', { form: { intent: 'settings', k: '5', method: 'suppress' } }), params: {}, context: {} }))
    // a redirect with the success message, so that a reload does not post again
    expect(result instanceof Response ? [result.status, result.headers.get('Location')] : result).toEqual([302, '/statistics?done=settings'])
    expect((await prisma.setting.findUnique({ where: { key: K_SETTING } }))?.value).toBe('5')
    expect(await prisma.auditEvent.count({ where: { action: 'statistics.settings', userId: admin.id } })).toBe(1)
    const json = (await ((await exportAs(admin.id, 'json', 'year=2025')) as Response).json()) as StatisticsJson
    expect(json.suppression).toMatchObject({ k: 5, method: 'suppress', secondary: 'cost-optimal-interval' })
    expect(json.suppression.text).toContain('(k = 5)')
  })

  test('team leads cannot change settings or freeze', async () => {
    const lead = await createUser({ role: 'TEAM_LEAD' })
    const result = await settle(action({ request: await requestAs(lead.id, '/statistics', { form: { intent: 'settings', k: '5', method: 'suppress' } }), params: {}, context: {} }))
    expect(statusOf(result)).toBe(403)
    const freeze = await settle(action({ request: await requestAs(lead.id, '/statistics', { form: { intent: 'freeze', year: '2025' } }), params: {}, context: {} }))
    expect(statusOf(freeze)).toBe(403)
  })
})

describe('year closing (docs/statistics.md §10)', () => {
  test('a frozen year survives the deletion of its cases; re-opening is audited', async () => {
    const { admin } = await buildGoldenDataset()
    // k = 2 keeps the figures checked below published (with k = 3 Rostock's 2 + 1 cases are pinned, S3).
    await prisma.setting.create({ data: { key: K_SETTING, value: '2' } })
    const before = await page(admin.id, '/statistics?year=2025')
    expect(keyFigure(before.data, 'cases')).toBe(5)
    const frozen = await settle(action({ request: await requestAs(admin.id, '/statistics', { form: { intent: 'freeze', year: '2025' } }), params: {}, context: {} }))
    expect(frozen instanceof Response ? [frozen.status, frozen.headers.get('Location')] : frozen).toEqual([302, '/statistics?year=2025&done=frozen'])
    expect(await prisma.auditEvent.count({ where: { action: 'statistics.freeze' } })).toBe(1)

    // Retention deletes every case and client.
    await prisma.client.deleteMany({})
    expect(await prisma.case.count()).toBe(0)

    const after = await page(admin.id, '/statistics?year=2025')
    expect(after.data.statistics!.isFrozen).toBe(true)
    expect(after.data.statistics!.frozenText).toMatch(/festgeschrieben am .+ von Test User/)
    expect(after.data.statistics!.tables).toEqual(before.data.statistics!.tables)
    // Team and programme filters are served from the snapshot too.
    const { rostock } = await getTeams()
    expect(keyFigure((await page(admin.id, `/statistics?year=2025&team=${rostock.id}`)).data, 'cases')).toBe(3)
    expect(keyFigure((await page(admin.id, '/statistics?year=2025&programme=MBE')).data, 'cases')).toBe(3)
    const json = (await ((await exportAs(admin.id, 'json', 'year=2025')) as Response).json()) as StatisticsJson
    expect(json.tables[0]!.rows.find((row) => row.id === 'cases')!.values[0]).toBe(5)

    const reopened = await settle(action({ request: await requestAs(admin.id, '/statistics', { form: { intent: 'reopen', year: '2025' } }), params: {}, context: {} }))
    expect(statusOf(reopened)).toBe(302)
    expect(await prisma.auditEvent.count({ where: { action: 'statistics.reopen' } })).toBe(1)
    expect(keyFigure((await page(admin.id, '/statistics?year=2025')).data, 'clients')).toBe(0)
  })

  test('the current year cannot be frozen', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const year = String(officeYear(new Date()))
    const result = await settle(action({ request: await requestAs(admin.id, '/statistics', { form: { intent: 'freeze', year } }), params: {}, context: {} }))
    expect(statusOf(result)).toBe(400)
    expect(await prisma.statisticsSnapshot.count()).toBe(0)
  })
})

describe('exports', () => {
  let admin: { id: string }
  beforeEach(async () => {
    ;({ admin } = await buildGoldenDataset())
  })

  test('anonymity: no code, id, free text, exact date or count from 1 to k−1 in any export', async () => {
    const k = 3 // the default
    const csv = await ((await exportAs(admin.id, 'csv', 'year=2025')) as Response).text()
    const jsonText = await ((await exportAs(admin.id, 'json', 'year=2025')) as Response).text()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await ((await exportAs(admin.id, 'xlsx', 'year=2025')) as Response).arrayBuffer())
    const sheetTexts = workbook.worksheets.map((sheet) => {
      const cells: string[] = []
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))))
      return cells.join('\n')
    })
    const forbidden = [
      ...(await prisma.client.findMany({ select: { id: true, pseudonymCode: true } })).flatMap((c) => [c.id, c.pseudonymCode]),
      ...(await prisma.case.findMany({ select: { id: true } })).map((c) => c.id),
      ...(await prisma.contact.findMany({ select: { id: true } })).map((c) => c.id),
      ...(await prisma.referral.findMany({ select: { id: true } })).map((c) => c.id),
      ...(await prisma.team.findMany({ select: { id: true } })).map((c) => c.id),
      ...(await prisma.user.findMany({ select: { id: true } })).map((c) => c.id),
      'SECRET-NOTE',
      'SECRET-REASON',
      'INTERPRETER-REF-77',
    ]
    for (const text of [csv, jsonText, ...sheetTexts]) {
      for (const value of forbidden) expect(text).not.toContain(value)
    }
    // Dates: only the export's own time stamp (cover/header) — table contents carry no day.
    const exactDate = /\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}/
    const csvTables = csv.split('\r\n\r\n').slice(1).join('\n')
    expect(csvTables).not.toMatch(exactDate)
    const json = JSON.parse(jsonText) as StatisticsJson
    expect(JSON.stringify(json.tables)).not.toMatch(exactDate)
    for (const sheetText of sheetTexts.slice(1)) expect(sheetText).not.toMatch(exactDate)

    // Counts: every published count (format int on the page) is 0 or at least k, in all formats.
    const { data } = await page(admin.id, '/statistics?year=2025')
    for (const table of data.statistics!.tables) {
      const jsonTable = json.tables.find((t) => t.id === table.id)!
      const sheet = workbook.getWorksheet(table.sheet)!
      table.rows.forEach((row, r) => {
        row.cells.forEach((cell, c) => {
          expect(jsonTable.rows[r]!.values[c]).toBe(cell.value)
          const sheetValue = sheet.getRow(r + 3).getCell(c + 2).value
          const published = cell.value !== null && cell.value !== 0 ? cell.value : formatCell(cell as CellView, 'de-DE')
          expect(sheetValue ?? '').toBe(published)
          if (cell.format !== 'int' || cell.value === null) return
          expect(cell.value === 0 || cell.value >= k).toBe(true)
        })
      })
    }
  })

  test('formula injection: catalogue labels starting with = + - @ stay text', async () => {
    const labels = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)']
    const topics = await prisma.catalogueEntry.findMany({ where: { catalogue: 'TOPIC' }, select: { id: true }, orderBy: { sortOrder: 'asc' }, take: 4 })
    for (const [index, topic] of topics.entries()) {
      await prisma.catalogueEntry.update({ where: { id: topic.id }, data: { labelDe: labels[index], labelEn: labels[index] } })
    }
    const csv = await ((await exportAs(admin.id, 'csv', 'year=2025')) as Response).text()
    expect(csv).toContain(`\r\n"'=HYPERLINK(""http://evil.example"",""x"")";`)
    expect(csv).toContain("\r\n'+1+1;")
    expect(csv).toContain("\r\n'-2+3;")
    expect(csv).toContain("\r\n'@SUM(A1);")
    for (const line of csv.split('\r\n')) expect(line).not.toMatch(/^[=+\-@]/)

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await ((await exportAs(admin.id, 'xlsx', 'year=2025')) as Response).arrayBuffer())
    const sheet = workbook.getWorksheet('Themen')!
    const labelCells = labels.map((_, index) => sheet.getRow(index + 3).getCell(1))
    expect(labelCells.map((cell) => cell.value)).toEqual(labels)
    expect(labelCells.map((cell) => cell.type)).toEqual(labels.map(() => ExcelJS.ValueType.String))
    expect(labelCells.some((cell) => cell.formula)).toBe(false)
  })

  test('each export is audited with format, year and scope', async () => {
    const { rostock } = await getTeams()
    await exportAs(admin.id, 'csv', 'year=2025')
    await exportAs(admin.id, 'xlsx', `year=2025&team=${rostock.id}&programme=MBE`)
    const events = await prisma.auditEvent.findMany({ where: { action: 'statistics.export' }, select: { details: true, userId: true }, orderBy: { id: 'asc' } })
    expect(events.map((event) => JSON.parse(event.details!))).toEqual([
      { format: 'csv', year: 2025, scope: 'org' },
      { format: 'xlsx', year: 2025, scope: `team:${rostock.id}|programme:MBE` },
    ])
    expect(events.every((event) => event.userId === admin.id)).toBe(true)
  })
})
