// A substitute with follow-ups of her own and of the colleague she stands in for, for the browser tests of
// /follow-ups and the start page (decisions 211 and 223). People and cases of their own per call: a retry or a
// parallel test adds people of the same name, and other tests find the demo's Bilal Berater by his name.
import { randomUUID } from 'node:crypto'
import { addDays, today } from '../../app/domain/follow-up.ts'
import { e2eDatabase, insertCase, insertTeam, insertUser, sqliteDate } from './db.ts'

/**
 * Sina stands in for Bilal from three days ago to tomorrow (decision 211): one overdue follow-up of her own, two of
 * Bilal's on his case (not shared), two days past. `endStandIn` ends the absence with yesterday, as a team lead's
 * "Abwesenheit beenden" does (or midnight after its last day).
 */
export function substituteWithFollowUps(baseURL: string | undefined) {
  const team = insertTeam(baseURL)
  const sina = insertUser(baseURL, { teamId: team.id })
  const bilal = insertUser(baseURL, { teamId: team.id })
  const openedAt = new Date(Date.now() - 120 * 24 * 3600 * 1000)
  const own = insertCase(baseURL, { counsellor: sina.email, status: 'ACTIVE', openedAt })
  const bilals = insertCase(baseURL, { counsellor: bilal.email, status: 'ACTIVE', openedAt })
  const absenceId = randomUUID()
  const day = (offset: number) => `${addDays(today().day, offset)}T00:00:00.000+00:00`
  const db = e2eDatabase(baseURL)
  try {
    const now = sqliteDate(new Date())
    db.prepare(
      'INSERT INTO Absence (id, userId, substituteId, startsOn, endsOn, createdAt) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(absenceId, bilal.id, sina.id, day(-3), day(1), now)
    const insert = db.prepare(
      "INSERT INTO FollowUp (id, caseId, assigneeId, source, note, dueDate, createdAt) VALUES (?, ?, ?, 'MANUAL', ?, ?, ?)",
    )
    insert.run(randomUUID(), own.caseId, sina.id, 'Eigener Rückruf', day(-2), now)
    for (let index = 0; index < 2; index++)
      insert.run(randomUUID(), bilals.caseId, bilal.id, `Bilals Rückruf ${index + 1}`, day(-2), now)
  } finally {
    db.close()
  }
  const endStandIn = () => {
    const db = e2eDatabase(baseURL)
    try {
      db.prepare('UPDATE Absence SET endsOn = ? WHERE id = ?').run(day(-1), absenceId)
    } finally {
      db.close()
    }
  }
  return {
    sina,
    bilal,
    ownCode: own.code,
    bilalsCode: bilals.code,
    bilalsCaseId: bilals.caseId,
    bilalsName: bilal.displayName,
    endStandIn,
  }
}
