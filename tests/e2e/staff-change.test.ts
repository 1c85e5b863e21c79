// Staff changes (issue 14, item 5), without JavaScript: the administrator deactivates a counsellor who
// still holds cases — the summary asks whom they go to — and the team lead moves the rest of a
// colleague's cases from the workload, confirming a summary first. (axe needs JavaScript in the page;
// these pages are checked by the accessibility sweep with it.)
import { insertCase, insertTeam, insertUser, uniqueTag } from './db.ts'
import { demo, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test.slow()
test.use({ javaScriptEnabled: false })

test('a deactivated counsellor\'s cases go to a colleague; bulk reassignment from the workload, both confirmed without JavaScript', async ({ page, baseURL }) => {
  const tag = uniqueTag()
  const team = insertTeam(baseURL, { name: `Beratungsstelle Wechsel ${tag}` })
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id, displayName: `Leitung ${tag}` })
  const leaving = insertUser(baseURL, { teamId: team.id, displayName: `Geht ${tag}` })
  const staying = insertUser(baseURL, { teamId: team.id, displayName: `Bleibt ${tag}` })
  const third = insertUser(baseURL, { teamId: team.id, displayName: `Dritte ${tag}` })
  const first = insertCase(baseURL, { counsellor: leaving.email })
  const second = insertCase(baseURL, { counsellor: leaving.email })

  await login(page, demo('admin'))
  await page.goto(`/admin/users/${leaving.id}`)
  await page.getByRole('button', { name: 'Deaktivieren' }).click()
  const step = page.getByRole('region', { name: 'Offene Fälle übergeben und Konto deaktivieren?' })
  await expect(step).toContainText('2 offene Fälle')
  await step.getByLabel('Fälle und Wiedervorlagen übergeben an').selectOption({ label: staying.displayName })
  await step.getByRole('button', { name: 'Übergeben und deaktivieren' }).click()
  await expect(page.getByRole('status')).toContainText('Die offenen Fälle wurden übergeben und das Konto deaktiviert.')

  // The team lead moves one of them on from the workload.
  await login(page, lead.email)
  await page.goto('/team')
  await page.getByRole('link', { name: `Fälle umverteilen: ${staying.displayName}` }).click()
  const list = page.getByRole('table', { name: `2 offene Fälle von ${staying.displayName}` })
  await expect(list).toContainText(first.code)
  await list.getByRole('checkbox', { name: `Fall ${second.code} auswählen` }).uncheck()
  await page.getByLabel('Umverteilen an').selectOption({ label: third.displayName })
  await page.getByRole('button', { name: 'Ausgewählte Fälle umverteilen' }).click()
  await expect(page.getByRole('region', { name: 'Fälle umverteilen?' })).toContainText(`1 Fall geht von ${staying.displayName} an ${third.displayName}.`)
  await page.getByRole('button', { name: 'Ja, umverteilen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Die Fälle wurden umverteilt.' })).toBeVisible()
  await page.goto(`/team/reassign?from=${third.id}`)
  await expect(page.getByRole('table', { name: `1 offener Fall von ${third.displayName}` })).toContainText(first.code)
})
