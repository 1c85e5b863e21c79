// Consent and privacy-information templates (issue 18, decision 025): administrators list, edit
// (every save is a new version) and review them; consents and cases record which versions a client
// was given; print pages read those versions back. Organisation details that fill the texts live in
// Setting rows.
import { chooseTexts, languageOrder, type TemplateKind, type TemplateLanguage } from '#app/domain/consent-templates.ts'
import { type OrganisationFacts } from '#app/domain/consent-document.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows, type TransactionClient } from '#app/utils/db.server.ts'

type Actor = { userId: string }
type Db = TransactionClient | typeof prisma

export const ORGANISATION_SETTING_KEYS = {
  organisation: 'organisation.name',
  organisationContact: 'organisation.contact',
  dpoContact: 'organisation.dpoContact',
} as const

export async function getOrganisationSettings() {
  const rows = await prisma.setting.findMany({
    where: { key: { in: Object.values(ORGANISATION_SETTING_KEYS) } },
    select: { key: true, value: true },
  })
  const value = (key: string) => rows.find((row) => row.key === key)?.value ?? ''
  return {
    organisation: value(ORGANISATION_SETTING_KEYS.organisation),
    organisationContact: value(ORGANISATION_SETTING_KEYS.organisationContact),
    dpoContact: value(ORGANISATION_SETTING_KEYS.dpoContact),
  }
}

export async function saveOrganisationSettings(
  input: { organisation: string; organisationContact: string; dpoContact: string },
  actor: Actor,
) {
  await prisma.$transaction(async (tx) => {
    for (const [field, key] of Object.entries(ORGANISATION_SETTING_KEYS)) {
      const value = input[field as keyof typeof input]
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } })
    }
    await audit(
      { userId: actor.userId, action: 'settings.organisation', entity: 'setting', details: { changed: Object.values(ORGANISATION_SETTING_KEYS) } },
      tx,
    )
  })
}

/** Who the texts name: the organisation from the settings, the office from the case's (or user's) team. */
export async function organisationFacts(teamId: string): Promise<OrganisationFacts> {
  const [settings, team] = await Promise.all([
    getOrganisationSettings(),
    prisma.team.findUnique({ where: { id: teamId }, select: { name: true } }),
  ])
  return { ...settings, office: team?.name ?? '' }
}

const versionSelect = {
  id: true,
  version: true,
  body: true,
  summary: true,
  source: true,
  createdAt: true,
  reviewedAt: true,
  reviewedByName: true,
  template: { select: { id: true, kind: true, languageCode: true } },
} as const

/** Every template with its current (newest) version, for the administrators' overview. */
export async function listTemplates() {
  const templates = await prisma.consentTemplate.findMany({
    select: {
      id: true,
      kind: true,
      languageCode: true,
      versions: {
        select: { id: true, version: true, source: true, createdAt: true, reviewedAt: true, reviewedByName: true },
        orderBy: { version: 'desc' },
        take: 1,
      },
    },
  })
  return templates
    .map(({ versions, ...template }) => ({ ...template, current: versions[0] ?? null }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || languageOrder(a.languageCode) - languageOrder(b.languageCode))
}

export async function getTemplate(templateId: string) {
  const template = await prisma.consentTemplate.findUnique({
    where: { id: templateId },
    select: {
      id: true,
      kind: true,
      languageCode: true,
      versions: {
        select: {
          id: true,
          version: true,
          body: true,
          summary: true,
          source: true,
          createdAt: true,
          createdById: true,
          reviewedAt: true,
          reviewedByName: true,
        },
        orderBy: { version: 'desc' },
      },
    },
  })
  if (!template) return null
  const authorIds = [...new Set(template.versions.map((version) => version.createdById).filter((id): id is string => Boolean(id)))]
  const authors = await prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } })
  const names = new Map(authors.map((author) => [author.id, author.displayName]))
  return {
    ...template,
    versions: template.versions.map(({ createdById, ...version }) => ({
      ...version,
      createdBy: createdById ? (names.get(createdById) ?? null) : null,
    })),
  }
}

export type SaveVersionResult = { ok: true; version: number } | { ok: false; error: 'notFound' | 'conflict'; current?: number }

/**
 * Saves an edit as a new version. `basedOn` is the version the editor started from: if someone saved
 * a newer one meanwhile the save is refused (no lost update); two saves racing on the same number
 * are kept apart by the unique (templateId, version) index.
 */
export async function saveTemplateVersion(
  templateId: string,
  input: { body: string; summary: string | null; basedOn: number },
  actor: Actor,
): Promise<SaveVersionResult> {
  try {
    return await prisma.$transaction(async (tx) => {
      const template = await tx.consentTemplate.findUnique({ where: { id: templateId }, select: { id: true, kind: true, languageCode: true } })
      if (!template) return { ok: false, error: 'notFound' } as const
      const latest = await tx.consentTemplateVersion.findFirst({
        where: { templateId },
        select: { version: true },
        orderBy: { version: 'desc' },
      })
      const current = latest?.version ?? 0
      if (current !== input.basedOn) return { ok: false, error: 'conflict', current } as const
      const created = await tx.consentTemplateVersion.create({
        data: {
          templateId,
          version: current + 1,
          body: input.body,
          summary: template.languageCode === 'deu' ? input.summary : null,
          source: 'EDITED',
          createdById: actor.userId,
        },
        select: { id: true, version: true },
      })
      await audit(
        {
          userId: actor.userId,
          action: 'consent-template.version',
          entity: 'consent-template',
          entityId: templateId,
          details: { kind: template.kind, language: template.languageCode, version: created.version },
        },
        tx,
      )
      return { ok: true, version: created.version } as const
    })
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return { ok: false, error: 'conflict' }
    throw error
  }
}

/** Marks a version reviewed with the reviewer's name and the day of the review; once only. */
export async function markVersionReviewed(
  templateId: string,
  version: number,
  input: { reviewerName: string; reviewedOn: Date },
  actor: Actor,
) {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.consentTemplateVersion.updateMany({
      where: { templateId, version, reviewedAt: null },
      data: { reviewedAt: input.reviewedOn, reviewedByName: input.reviewerName, reviewedById: actor.userId },
    })
    if (updated.count === 0) return false
    const template = await tx.consentTemplate.findUnique({ where: { id: templateId }, select: { kind: true, languageCode: true } })
    await audit(
      {
        userId: actor.userId,
        action: 'consent-template.review',
        entity: 'consent-template',
        entityId: templateId,
        details: { kind: template?.kind, language: template?.languageCode, version },
      },
      tx,
    )
    return true
  })
}

async function currentVersion(db: Db, kind: TemplateKind, language: TemplateLanguage) {
  return db.consentTemplateVersion.findFirst({
    where: { template: { kind, languageCode: language } },
    select: versionSelect,
    orderBy: { version: 'desc' },
  })
}

/**
 * The versions a client with this language is given now: their language's (English when there is
 * none) and German. Null only when the German template is missing (a database never seeded).
 */
export async function currentTexts(kind: TemplateKind, clientLanguage: string | null, db: Db = prisma) {
  const choice = chooseTexts(clientLanguage)
  const german = await currentVersion(db, kind, 'deu')
  if (!german) return null
  const client = choice.language ? await currentVersion(db, kind, choice.language) : null
  return { choice, german, client: client ?? german }
}

/** Records, inside the consent's own transaction, which texts the consent was given with. */
export async function recordConsentText(tx: TransactionClient, consentId: string, kind: TemplateKind, clientLanguage: string | null) {
  const texts = await currentTexts(kind, clientLanguage, tx)
  if (!texts) return
  await tx.consentText.create({ data: { consentId, versionId: texts.client.id, germanVersionId: texts.german.id } })
}

/**
 * Records which privacy information a case's client was given. Called when the privacy information
 * is recorded or its language changes; a change of date or form alone keeps the text given.
 */
export async function recordPrivacyText(tx: TransactionClient, caseId: string, clientLanguage: string | null) {
  const texts = await currentTexts('PRIVACY', clientLanguage, tx)
  if (!texts) return
  const data = { versionId: texts.client.id, germanVersionId: texts.german.id }
  await tx.privacyInformationText.upsert({ where: { caseId }, create: { caseId, ...data }, update: data })
}

export async function forgetPrivacyText(tx: TransactionClient, caseId: string) {
  await tx.privacyInformationText.deleteMany({ where: { caseId } })
}

const recordedSelect = {
  version: { select: versionSelect },
  germanVersion: { select: versionSelect },
} as const

export async function consentTextOf(consentId: string) {
  return prisma.consentText.findUnique({ where: { consentId }, select: recordedSelect })
}

export async function privacyTextOf(caseId: string) {
  return prisma.privacyInformationText.findUnique({ where: { caseId }, select: recordedSelect })
}

/** Language and version given, per consent of a case (for the consent list). */
export async function consentTextSummaries(consentIds: string[]) {
  const rows = await prisma.consentText.findMany({
    where: { consentId: { in: consentIds } },
    select: { consentId: true, version: { select: { version: true, reviewedAt: true, template: { select: { languageCode: true } } } } },
  })
  return new Map(
    rows.map((row) => [
      row.consentId,
      { language: row.version.template.languageCode, version: row.version.version, reviewed: row.version.reviewedAt !== null },
    ]),
  )
}

/**
 * The languages of a case's client in the order they were entered (the new-case form lists the
 * client's main language first); the forms propose the first of them with a template.
 */
export async function clientLanguagesOfCase(caseId: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ languageCode: string }>>`
    SELECT cl."languageCode" FROM "ClientLanguage" cl JOIN "Case" c ON c."clientId" = cl."clientId"
    WHERE c."id" = ${caseId} ORDER BY cl.rowid`
  return rows.map((row) => row.languageCode)
}

/** The stored facts `privacyInfoSummary` is made of: dates as their stored text, the version as a number. */
export type PrivacyInfoRow = {
  givenAt: string | null
  form: string | null
  clientLanguage: string | null
  versionId: string | null
  version: bigint | number | null
  reviewedAt: string | null
  textLanguage: string | null
}

/**
 * The statement of `privacyInfoSummary` (one row, or none for an unknown case), for a caller that reads
 * it together with other rows in one statement: the case file's timeline (timeline.server.ts). The
 * case id is bound as `+?` so that SQLite does not compile the statement anew at every run (decision 146).
 */
export function privacyInfoSummaryQuery(caseId: string) {
  return Prisma.sql`
    SELECT c."privacyInfoGivenAt" AS "givenAt", c."privacyInfoForm" AS "form", c."privacyInfoLanguage" AS "clientLanguage",
      v."id" AS "versionId", v."version", v."reviewedAt", t."languageCode" AS "textLanguage"
    FROM "Case" c
      LEFT JOIN "PrivacyInformationText" p ON p."caseId" = c."id"
      LEFT JOIN "ConsentTemplateVersion" v ON v."id" = p."versionId"
      LEFT JOIN "ConsentTemplate" t ON t."id" = v."templateId"
    WHERE c."id" = +${caseId}`
}

/** What the case file shows of a row of `privacyInfoSummaryQuery` (none: nothing given). */
export function privacyInfoSummaryOf(row: PrivacyInfoRow | undefined) {
  if (!row?.givenAt) return null
  return {
    givenAt: new Date(row.givenAt).toISOString(),
    form: row.form,
    clientLanguage: row.clientLanguage,
    text: row.versionId !== null ? { language: String(row.textLanguage), version: Number(row.version), reviewed: row.reviewedAt !== null } : null,
  }
}

/**
 * What the case file shows about the privacy information: when, how, and with which text. One
 * statement (issue 19, session 10): through the ORM's nested select it was four — the case, its
 * text, the text's version and the version's template — on every view of the case file.
 */
export async function privacyInfoSummary(caseId: string) {
  // Straight from the connection (decision 067): dates arrive as their stored text, the version as bigint.
  const [row] = await readRows<PrivacyInfoRow[]>`${privacyInfoSummaryQuery(caseId)}`
  return privacyInfoSummaryOf(row)
}

/** The case facts the privacy print needs; reading them is audited like every read of case data. */
export async function privacyPrintFacts(caseId: string, actor: Actor) {
  const kase = await prisma.case.findUnique({
    where: { id: caseId },
    select: { privacyInfoGivenAt: true, privacyInfoLanguage: true, client: { select: { pseudonymCode: true } } },
  })
  if (!kase) return null
  await audit({ userId: actor.userId, action: 'privacy-information.read', entity: 'case', entityId: caseId, caseId })
  return { privacyInfoGivenAt: kase.privacyInfoGivenAt, privacyInfoLanguage: kase.privacyInfoLanguage, pseudonymCode: kase.client.pseudonymCode }
}
