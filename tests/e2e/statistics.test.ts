import { officeYear } from '../../app/domain/follow-up.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test('an administrator opens the annual statistics and downloads CSV, XLSX and JSON', async ({ page }) => {
  await login(page, demo('admin'))
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Statistik' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Jahresstatistik' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Eckzahlen' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Eckzahlen' })).toBeVisible()
  await expect(page.getByRole('img', { name: /Balkendiagramm: Klient\/innen nach Geschlecht und Alter/ })).toBeVisible()
  await expect(page.getByText(/Werte von 1 bis 2 werden geheim gehalten/)).toBeVisible()
  await expectNoAxeViolations(page)

  // Filter by year (GET form, works without JavaScript).
  const year = String(officeYear(new Date()) - 1)
  await page.getByLabel('Jahr').selectOption(year)
  await page.getByRole('button', { name: 'Anzeigen' }).click()
  await expect(page).toHaveURL(new RegExp(`year=${year}`))
  await expect(page.getByText(new RegExp(`^${year} · Gesamter Träger`))).toBeVisible()

  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'CSV (Tabellenkalkulation)' }).click()
  expect((await download).suggestedFilename()).toBe(`statistik-${year}-organisation.csv`)

  const csv = await page.request.get(`/statistics/export.csv?year=${year}`)
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
  const csvBytes = await csv.body()
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  expect(csvBytes.toString('utf8')).toContain('Eckzahlen\r\n;Wert;Vorjahr\r\n')

  const xlsx = await page.request.get(`/statistics/export.xlsx?year=${year}`)
  expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK')

  const json = await page.request.get(`/statistics/export.json?year=${year}`)
  expect(json.headers()['content-type']).toBe('application/json; charset=utf-8')
  const body = (await json.json()) as { year: number; suppression: { k: number }; tables: Array<{ id: string }> }
  expect(body.year).toBe(Number(year))
  expect(body.tables.map((table) => table.id)).toContain('key-figures')
})

test('a team lead sees only the own team; another team answers 404; bad year is a message', async ({ page }) => {
  await login(page, demo('leitung.rostock'), { at: '/statistics' })
  await expect(page.getByRole('heading', { level: 1, name: 'Jahresstatistik' })).toBeVisible()
  await expect(page.getByText(/Team: Beratungsstelle Rostock/)).toBeVisible()
  await expect(page.getByLabel('Team')).toHaveCount(0)
  const other = await page.request.get('/statistics/export.json?team=not-my-team')
  expect(other.status()).toBe(404)
  await page.goto('/statistics?year=abc')
  await expect(page.getByRole('alert')).toContainText('Bitte wählen Sie ein Jahr zwischen 2000 und')
  await expectNoAxeViolations(page)
})

test('a counsellor has no statistics', async ({ page }) => {
  await login(page, demo('beratung.eae'))
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Statistik' })).toHaveCount(0)
  const response = await page.goto('/statistics')
  expect(response?.status()).toBe(403)
})
