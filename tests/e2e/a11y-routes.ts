// Helpers for the accessibility sweep (tests/e2e/accessibility-sweep.test.ts): the route manifest
// as Remix sees it, and one record of every kind a page can be addressed by.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { e2eDatabase, insertCase, sqliteDate } from './db.ts'

type ManifestNode = { id: string; path?: string; index?: boolean; file: string; children?: ManifestNode[] }

export type PageRoute = {
  id: string
  /** full URL pattern, e.g. /cases/:caseId/contacts/:contactId */
  pattern: string
}

export type RouteInventory = {
  pages: PageRoute[]
  /** routes that render no page of their own, with the reason they are not visited */
  notPages: { id: string; reason: string }[]
}

let cached: RouteInventory | undefined

/**
 * Every route of the app from Remix's own manifest (`remix routes --json`, the same routing the
 * build uses). A route module without a default export is a resource route (exports, healthz,
 * logout); one that renders an <Outlet> is a layout whose pages are its children.
 */
export function routeInventory(): RouteInventory {
  if (cached) return cached
  const output = execFileSync(
    process.execPath,
    [path.resolve('node_modules/@remix-run/dev/dist/cli.js'), 'routes', '--json'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
  const manifest = JSON.parse(output.slice(output.indexOf('['))) as ManifestNode[]
  const inventory: RouteInventory = { pages: [], notPages: [] }
  const walk = (nodes: ManifestNode[], parentPath: string) => {
    for (const node of nodes) {
      const own = node.path ?? ''
      const full = own ? `${parentPath.replace(/\/$/, '')}/${own}` : parentPath || '/'
      if (node.id !== 'root') {
        const source = fs.readFileSync(path.resolve('app', node.file), 'utf8')
        if (!/export\s+default\b/.test(source))
          inventory.notPages.push({ id: node.id, reason: 'resource route (no default export)' })
        else if (/<Outlet\b/.test(source))
          inventory.notPages.push({ id: node.id, reason: 'layout route (its pages are its children)' })
        else inventory.pages.push({ id: node.id, pattern: full })
      }
      if (node.children) walk(node.children, full)
    }
  }
  walk(manifest, '')
  cached = inventory
  return inventory
}

export type RouteParams = Record<string, string>

/**
 * A case of the EAE team (assigned to beratung.eae) with one contact, group session, consent, referral,
 * language-mediation record and document, plus ids of a partner, a user, a team and a consent
 * template — enough to fill every route parameter.
 */
export function arrangeRouteParams(baseURL: string | undefined): RouteParams {
  const { caseId, teamId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const db = e2eDatabase(baseURL)
  try {
    const now = sqliteDate(new Date())
    const author = (
      db.prepare('SELECT id FROM User WHERE email = ?').get('beratung.eae@demo.wegbegleiter.de') as {
        id: string
      }
    ).id
    const partner = db
      .prepare("SELECT id FROM PartnerOrganisation WHERE kind = 'PSYCHOSOCIAL_CENTRE' ORDER BY name LIMIT 1")
      .get() as { id: string } | undefined
    const partnerId =
      partner?.id ??
      (db.prepare('SELECT id FROM PartnerOrganisation ORDER BY name LIMIT 1').get() as { id: string }).id
    const mediationId = randomUUID()
    db.prepare(
      `INSERT INTO LanguageMediation (id, caseId, languageCode, mode, providerKind, requestedAt, status, version, createdById, createdAt, updatedAt)
       VALUES (?, ?, 'arb', 'PHONE', 'POOL', ?, 'REQUESTED', 1, ?, ?, ?)`,
    ).run(mediationId, caseId, now, author, now, now)
    const contactId = randomUUID()
    db.prepare(
      `INSERT INTO Contact (id, caseId, authorId, date, durationMinutes, mode, setting, personsPresent, languageCode, interpreting, languageMediationId, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 30, 'PHONE', 'INDIVIDUAL', 1, 'arb', 'PROFESSIONAL', ?, 1, ?, ?)`,
    ).run(contactId, caseId, author, now, mediationId, now, now)
    const topic = db
      .prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'TOPIC' ORDER BY id LIMIT 1")
      .get() as { id: number }
    db.prepare('INSERT INTO ContactTopic (contactId, topicId) VALUES (?, ?)').run(contactId, topic.id)
    const sessionId = randomUUID()
    db.prepare(
      `INSERT INTO GroupSession (id, teamId, programme, date, durationMinutes, mode, description, anonymousParticipants, createdById, createdAt)
       VALUES (?, ?, 'MBE', ?, 90, 'OFFICE', 'Wohnungssuche', 2, ?, ?)`,
    ).run(sessionId, teamId, now, author, now)
    db.prepare('INSERT INTO GroupSessionParticipant (id, groupSessionId, caseId) VALUES (?, ?, ?)').run(randomUUID(), sessionId, caseId)
    db.prepare('INSERT INTO GroupSessionTopic (groupSessionId, topicId) VALUES (?, ?)').run(sessionId, topic.id)
    const consentId = randomUUID()
    db.prepare(
      `INSERT INTO Consent (id, caseId, recipientPartnerId, purpose, dataCategories, form, languageCode, givenAt, paperOnFile, createdById, createdAt, updatedAt)
       VALUES (?, ?, ?, 'Weitervermittlung', 'CASE_HISTORY,HEALTH', 'WRITTEN', 'arb', ?, 1, ?, ?, ?)`,
    ).run(consentId, caseId, partnerId, now, author, now, now)
    const referralId = randomUUID()
    db.prepare(
      `INSERT INTO Referral (id, caseId, partnerId, kind, urgency, dataCategories, consentId, status, sentAt, version, createdById, createdAt, updatedAt)
       VALUES (?, ?, ?, 'PSYCHOSOCIAL_CENTRE', 'REGULAR', 'CASE_HISTORY,HEALTH', ?, 'INQUIRY', ?, 1, ?, ?, ?)`,
    ).run(referralId, caseId, partnerId, consentId, now, author, now, now)
    // a document's details page reads only the row (its file is opened by the download route)
    const documentId = randomUUID()
    const kind = db.prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'DOCUMENT_KIND' AND code = 'CONSENT_SIGNED'").get() as { id: number }
    const placeholder = Buffer.alloc(16).toString('base64')
    db.prepare(
      `INSERT INTO Document (id, caseId, kindId, description, mediaType, sizeBytes, storageName, wrappedKey, keyVersion, iv, authTag, uploadedById, consentId, createdAt)
       VALUES (?, ?, ?, 'Seite 1', 'application/pdf', 1234, ?, ?, 1, ?, ?, ?, ?, ?)`,
    ).run(documentId, caseId, kind.id, randomUUID().replace(/-/g, ''), placeholder, placeholder, placeholder, author, consentId, now)
    const templateId = (db.prepare("SELECT id FROM ConsentTemplate WHERE kind = 'PRIVACY' AND languageCode = 'arb'").get() as { id: string }).id
    return { caseId, contactId, sessionId, consentId, referralId, mediationId, documentId, partnerId, userId: author, teamId, templateId }
  } finally {
    db.close()
  }
}

/** Fills a route pattern; undefined when a parameter has no value (the route is then unvisited). */
export function fillPattern(pattern: string, params: RouteParams): string | undefined {
  if (pattern === '/*' || pattern.endsWith('/*')) return pattern.replace(/\*$/, 'a11y-no-such-page')
  let missing = false
  const url = pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (!value) missing = true
    return value ?? ''
  })
  return missing ? undefined : url
}
