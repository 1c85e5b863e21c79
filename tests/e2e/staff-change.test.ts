// Staff changes (issue 14, item 5), in the browser without JavaScript: the administrator deactivates
// two counsellors who still hold cases and follow-ups — the summary shows their open work and asks
// whom it goes to: a named colleague for one, the team's queue for the other — and the team lead then
// moves part of a colleague's cases on from the workload, confirming a summary first. The workflow
// runs in a context without JavaScript; axe needs scripts in the page, so the same pages are then
// checked in the test's own page, with JavaScript.
import { randomUUID } from 'node:crypto'
import { e2eDatabase, insertCase, insertTeam, insertUser, sqliteDate, uniqueTag } from './db.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test.slow()

/** An open follow-up of the case for its counsellor, due in `days` (negative: overdue). */
function insertFollowUp(baseURL: string | undefined, caseId: string, assigneeId: string, days: number) {
  const db = e2eDatabase(baseURL)
  try {
    db.prepare("INSERT INTO FollowUp (id, caseId, assigneeId, source, dueDate, note, createdAt) VALUES (?, ?, ?, 'MANUAL', ?, 'Rückruf', ?)").run(
      randomUUID(),
      caseId,
      assigneeId,
      sqliteDate(new Date(Date.now() + days * 86_400_000)),
      sqliteDate(new Date()),
    )
  } finally {
    db.close()
  }
}

const followUpsOf = (baseURL: string | undefined, caseId: string) => {
  const db = e2eDatabase(baseURL)
  try {
    return db.prepare('SELECT assigneeId FROM FollowUp WHERE caseId = ? AND doneAt IS NULL').all(caseId) as Array<{ assigneeId: string | null }>
  } finally {
    db.close()
  }
}

test("deactivated counsellors' cases go to a colleague or the team's queue; bulk reassignment from the workload, all confirmed without JavaScript", async ({ page: checked, baseURL, browser }) => {
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const page = await noScript.newPage()
  const tag = uniqueTag()
  const team = insertTeam(baseURL, { name: `Beratungsstelle Wechsel ${tag}` })
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id, displayName: `Leitung ${tag}` })
  const leaving = insertUser(baseURL, { teamId: team.id, displayName: `Geht ${tag}` })
  const leavingToQueue = insertUser(baseURL, { teamId: team.id, displayName: `Geht auch ${tag}` })
  const staying = insertUser(baseURL, { teamId: team.id, displayName: `Bleibt ${tag}` })
  const third = insertUser(baseURL, { teamId: team.id, displayName: `Dritte ${tag}` })
  const first = insertCase(baseURL, { counsellor: leaving.email })
  const second = insertCase(baseURL, { counsellor: leaving.email })
  // opened 40 days ago: once handed to the queue it waits from the handover (decision 245)
  const queued = insertCase(baseURL, { counsellor: leavingToQueue.email, openedAt: new Date(Date.now() - 40 * 86_400_000) })
  insertFollowUp(baseURL, first.caseId, leaving.id, -2)
  insertFollowUp(baseURL, second.caseId, leaving.id, 5)
  insertFollowUp(baseURL, queued.caseId, leavingToQueue.id, 3)

  await login(page, demo('admin'), { at: null })
  // To a named colleague: the summary shows the open work before anything changes.
  await page.goto(`/admin/users/${leaving.id}`)
  await page.getByRole('button', { name: 'Deaktivieren' }).click()
  const step = page.getByRole('region', { name: 'Offene Fälle übergeben und Konto deaktivieren?' })
  await expect(step).toContainText('2 offene Fälle')
  await expect(step).toContainText('2 offene Wiedervorlagen, davon 1 überfällig')
  await step.getByLabel('Fälle und Wiedervorlagen übergeben an').selectOption({ label: staying.displayName })
  await step.getByRole('button', { name: 'Übergeben und deaktivieren' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Die offenen Fälle wurden übergeben und das Konto deaktiviert.' })).toBeVisible()
  // To the team's queue.
  await page.goto(`/admin/users/${leavingToQueue.id}`)
  await page.getByRole('button', { name: 'Deaktivieren' }).click()
  const queueStep = page.getByRole('region', { name: 'Offene Fälle übergeben und Konto deaktivieren?' })
  await expect(queueStep).toContainText('1 offener Fall')
  await queueStep.getByLabel('Fälle und Wiedervorlagen übergeben an').selectOption({ label: 'Warteschlange des Teams (Teamleitung wird benachrichtigt)' })
  await queueStep.getByRole('button', { name: 'Übergeben und deaktivieren' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Die offenen Fälle wurden übergeben und das Konto deaktiviert.' })).toBeVisible()
  // The follow-ups went with their cases.
  expect(followUpsOf(baseURL, first.caseId)).toEqual([{ assigneeId: staying.id }])
  expect(followUpsOf(baseURL, second.caseId)).toEqual([{ assigneeId: staying.id }])
  expect(followUpsOf(baseURL, queued.caseId)).toEqual([{ assigneeId: null }])

  // The team lead finds the queued case in the queue and the colleague's two cases in the workload,
  // and moves one of them on.
  // a new sign-in: the administrator's session ends first
  await page.context().clearCookies()
  await login(page, lead.email, { at: '/team/queue' })
  await expect(page.getByRole('table', { name: /^Warteschlange/ })).toContainText(queued.code)
  // it waits from the handover, not from its opening, and says it is back in the queue (decision 245)
  const queuedRow = page.getByRole('table', { name: /^Warteschlange/ }).getByRole('row').filter({ hasText: queued.code })
  await expect(queuedRow).toContainText('seit heute')
  await expect(queuedRow).toContainText('zurück in der Warteschlange')
  await page.goto('/team')
  await page.getByRole('link', { name: `Fälle umverteilen: ${staying.displayName}` }).click()
  const list = page.getByRole('table', { name: `2 offene Fälle von ${staying.displayName}` })
  await expect(list).toContainText(first.code)
  await expect(list).toContainText(second.code)
  await list.getByRole('checkbox', { name: `Fall ${second.code} auswählen` }).uncheck()
  await page.getByLabel('Umverteilen an').selectOption({ label: third.displayName })
  await page.getByRole('button', { name: 'Ausgewählte Fälle umverteilen' }).click()
  await expect(page.getByRole('region', { name: 'Fälle umverteilen?' })).toContainText(`1 Fall geht von ${staying.displayName} an ${third.displayName}.`)
  await page.getByRole('button', { name: 'Ja, umverteilen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Die Fälle wurden umverteilt.' })).toBeVisible()
  await page.goto(`/team/reassign?from=${third.id}`)
  await expect(page.getByRole('table', { name: `1 offener Fall von ${third.displayName}` })).toContainText(first.code)
  await page.goto(`/team/reassign?from=${staying.id}`)
  await expect(page.getByRole('table', { name: `1 offener Fall von ${staying.displayName}` })).toContainText(second.code)
  expect(followUpsOf(baseURL, first.caseId)).toEqual([{ assigneeId: third.id }])

  await noScript.close()

  // axe (wider tag set) on the same pages and steps, with JavaScript.
  const another = insertUser(baseURL, { teamId: team.id, displayName: `Geht später ${tag}` })
  insertCase(baseURL, { counsellor: another.email })
  await login(checked, lead.email, { at: '/team' })
  await expectNoAxeViolations(checked)
  // the queue with the handed-back case's mark
  await checked.goto('/team/queue')
  await expect(checked.getByRole('table', { name: /^Warteschlange/ })).toContainText('zurück in der Warteschlange')
  await expectNoAxeViolations(checked)
  await checked.goto(`/team/reassign?from=${staying.id}`)
  await expectNoAxeViolations(checked)
  await checked.getByLabel('Umverteilen an').selectOption({ label: third.displayName })
  await checked.getByRole('button', { name: 'Ausgewählte Fälle umverteilen' }).click()
  await expect(checked.getByRole('region', { name: 'Fälle umverteilen?' })).toBeVisible()
  await expectNoAxeViolations(checked)
  await checked.context().clearCookies()
  await login(checked, demo('admin'), { at: `/admin/users/${another.id}` })
  await expectNoAxeViolations(checked)
  await checked.getByRole('button', { name: 'Deaktivieren' }).click()
  await expect(checked.getByRole('region', { name: 'Offene Fälle übergeben und Konto deaktivieren?' })).toBeVisible()
  await expectNoAxeViolations(checked)
})
