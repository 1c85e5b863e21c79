// One person, many cases; families and households (issue 14, decision 027). A returning client
// keeps one client record and one pseudonym code (PRODUCT.md §9): a further case is opened for the
// same client, so the statistics, which count distinct clients, count the person once. Links between
// clients (a household, a family) never grant access: every case shown here passes the same
// need-to-know filter as the case list (visibleCasesWhere).
import { type Actor } from '#app/domain/access-policy.ts'
import { officeDay } from '#app/domain/follow-up.ts'
import { validateCode, normalizeSymbols } from '#app/domain/pseudonym-code.ts'
import { type ReturningCaseInput } from '#app/forms/case.ts'
import { type ClientRelation } from '#app/forms/client.ts'
import { assignableWhere } from '#app/models/assignable.server.ts'
import { visibleCasesWhere, type CaseAccess } from '#app/models/case-access.server.ts'
import { CounsellorUnavailable, mayCreateCases, openingErrors, writeCase } from '#app/models/case.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { decryptIdentity, encryptIdentity, IdentityDecryptError } from '#app/utils/identity-crypto.server.ts'
import { isLanguageCode } from '#app/utils/iso.server.ts'

// ---------------------------------------------------------------- the person page

export type PersonCase = { id: string; pseudonymCode: string; status: string; openedAt: string; closedAt: string | null; teamName: string }
export type LinkedPerson = { linkId: string; relation: string; pseudonymCode: string; cases: PersonCase[] }

/** Why "Neuer Fall für diese Person" is not offered (null: it is). */
export type NewCaseBlock = 'role' | 'notClosed' | 'otherTeam' | 'anonymised' | 'running' | null

const personCaseSelect = {
  id: true,
  status: true,
  openedAt: true,
  closedAt: true,
  clientId: true,
  team: { select: { name: true } },
  client: { select: { pseudonymCode: true } },
} as const

type PersonCaseRow = {
  id: string
  status: string
  openedAt: Date
  closedAt: Date | null
  clientId: string
  team: { name: string }
  client: { pseudonymCode: string }
}

function asPersonCase(row: PersonCaseRow): PersonCase {
  return {
    id: row.id,
    pseudonymCode: row.client.pseudonymCode,
    status: row.status,
    openedAt: row.openedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    teamName: row.team.name,
  }
}

/**
 * The person behind a case: the client's other cases and the linked persons, each only as far as the
 * actor may read their cases; what they may not read is only counted. The read is audited.
 */
export async function getPersonPage(access: CaseAccess, actor: Actor) {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: access.id },
    select: { id: true, status: true, teamId: true, clientId: true, client: { select: { pseudonymCode: true, anonymisedAt: true } } },
  })
  const visible = await visibleCasesWhere(actor)
  const clientId = kase.clientId
  const [otherTotal, otherVisible, links, aliases] = await Promise.all([
    prisma.case.count({ where: { clientId, id: { not: kase.id } } }),
    prisma.case.findMany({ where: { AND: [visible, { clientId, id: { not: kase.id } }] }, select: personCaseSelect, orderBy: { openedAt: 'desc' } }),
    prisma.clientLink.findMany({
      where: { OR: [{ clientId }, { linkedClientId: clientId }] },
      select: { id: true, relation: true, clientId: true, linkedClientId: true },
      orderBy: { createdAt: 'asc' },
    }),
    prisma.clientCodeAlias.findMany({ where: { clientId }, select: { pseudonymCode: true }, orderBy: { mergedAt: 'asc' } }),
  ])
  const linkedIds = links.map((link) => (link.clientId === clientId ? link.linkedClientId : link.clientId))
  const linkedCases = linkedIds.length
    ? await prisma.case.findMany({ where: { AND: [visible, { clientId: { in: linkedIds } }] }, select: personCaseSelect, orderBy: { openedAt: 'desc' } })
    : []
  const linked: LinkedPerson[] = []
  let hiddenLinked = 0
  links.forEach((link, index) => {
    const cases = linkedCases.filter((row) => row.clientId === linkedIds[index])
    if (cases.length === 0) hiddenLinked += 1
    else linked.push({ linkId: link.id, relation: link.relation, pseudonymCode: cases[0]!.client.pseudonymCode, cases: cases.map(asPersonCase) })
  })
  const running = await prisma.case.findFirst({
    where: { AND: [{ clientId, teamId: actor.teamId, status: { not: 'CLOSED' } }] },
    select: { id: true },
  })
  const block = newCaseBlock(actor, kase, Boolean(running))
  await audit({ userId: actor.id, action: 'client.person.read', entity: 'client', entityId: clientId, caseId: kase.id, details: { linked: links.length, otherCases: otherTotal } })
  return {
    pseudonymCode: kase.client.pseudonymCode,
    mergedCodes: aliases.map((alias) => alias.pseudonymCode),
    otherCases: otherVisible.map(asPersonCase),
    hiddenOtherCases: otherTotal - otherVisible.length,
    linked,
    hiddenLinked,
    newCase: block,
    runningCaseId: running && otherVisible.some((row) => row.id === running.id) ? running.id : null,
  }
}

function newCaseBlock(
  actor: Actor,
  kase: { status: string; teamId: string; client: { anonymisedAt: Date | null } },
  hasRunningCase: boolean,
): NewCaseBlock {
  if (!mayCreateCases(actor)) return 'role'
  if (kase.client.anonymisedAt) return 'anonymised'
  if (kase.teamId !== actor.teamId) return 'otherTeam'
  if (kase.status !== 'CLOSED') return 'notClosed'
  if (hasRunningCase) return 'running'
  return null
}

// ---------------------------------------------------------------- a further case for the same client

export type ReturningCaseResult =
  | { ok: true; caseId: string }
  | { ok: false; block: Exclude<NewCaseBlock, null> }
  | { ok: false; fieldErrors: Partial<Record<keyof ReturningCaseInput, string[]>> }

/** What the form of a further case needs to know about the client: year of birth and languages. */
export async function getReturningClient(access: CaseAccess, actor: Actor) {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: access.id },
    select: {
      status: true,
      teamId: true,
      clientId: true,
      sharedForSubstitution: true,
      client: { select: { pseudonymCode: true, birthYear: true, anonymisedAt: true, languages: { select: { languageCode: true } } } },
    },
  })
  const running = await prisma.case.findFirst({ where: { clientId: kase.clientId, teamId: actor.teamId, status: { not: 'CLOSED' } }, select: { id: true } })
  return { ...kase, block: newCaseBlock(actor, kase, Boolean(running)) }
}

/**
 * Opens a further case for the client of a closed case of the own team (a returning client): the
 * client record, its pseudonym code, residence history and identity key stay as they are. Audited
 * as `case.create` with `returning` and the case it was opened from.
 */
export async function createReturningCase(
  actor: Actor,
  access: CaseAccess,
  input: Omit<ReturningCaseInput, 'counsellorId'> & { counsellorId: string | null },
  now = new Date(),
): Promise<ReturningCaseResult> {
  const client = await getReturningClient(access, actor)
  if (client.block) return { ok: false, block: client.block }
  const errors: Partial<Record<keyof ReturningCaseInput, string[]>> = {}
  const opening = openingErrors(input.openedOn, client.client.birthYear, now)
  if (opening.length) errors.openedOn = opening
  if (input.privacyInfoLanguage !== undefined && !isLanguageCode(input.privacyInfoLanguage)) errors.privacyInfoLanguage = ['cases:errors.language']
  if (input.privacyInfoGivenAt !== undefined && input.privacyInfoGivenAt > officeDay(now)) errors.privacyInfoGivenAt = ['cases:errors.dateFuture']
  if (input.legalBasisId !== undefined) {
    const entry = await prisma.catalogueEntry.findFirst({ where: { id: input.legalBasisId, catalogue: 'LEGAL_BASIS', active: true }, select: { id: true } })
    if (!entry) errors.legalBasisId = ['cases:errors.catalogue']
  }
  const counsellorId = actor.role === 'COUNSELLOR' ? actor.id : input.counsellorId
  if (actor.role === 'TEAM_LEAD' && counsellorId) {
    const counsellor = await prisma.user.findFirst({
      where: { id: counsellorId, ...assignableWhere(actor.teamId) },
      select: { id: true },
    })
    if (!counsellor) errors.counsellorId = ['cases:errors.counsellor']
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors }
  const caseId = await prisma
    .$transaction((tx) =>
      writeCase(
        tx,
        actor,
        client.clientId,
        { ...input, counsellorId },
        client.client.languages.map((language) => language.languageCode),
        now,
        { returning: true, fromCaseId: access.id, fields: Object.keys(input).filter((key) => input[key as keyof typeof input] !== undefined && key !== 'counsellorId') },
      ),
    )
    .catch((error: unknown) => {
      // deactivated or moved since the check above (decision 241): the form's own error, nothing written
      if (error instanceof CounsellorUnavailable) return null
      throw error
    })
  if (caseId === null) return { ok: false, fieldErrors: { counsellorId: ['cases:errors.counsellor'] } }
  return { ok: true, caseId }
}

// ---------------------------------------------------------------- resolving a code

/** The client of a pseudonym code, also of a merged one (then `mergedInto` is the kept client's code). */
export async function resolveClientCode(text: string): Promise<{ clientId: string; pseudonymCode: string; merged: boolean } | null> {
  const symbols = normalizeSymbols(text)
  if (!symbols) return null
  const validation = validateCode(symbols)
  if (validation.status !== 'ok') return null
  const client = await prisma.client.findUnique({ where: { pseudonymCode: validation.code }, select: { id: true, pseudonymCode: true } })
  if (client) return { clientId: client.id, pseudonymCode: client.pseudonymCode, merged: false }
  const alias = await prisma.clientCodeAlias.findUnique({
    where: { pseudonymCode: validation.code },
    select: { client: { select: { id: true, pseudonymCode: true } } },
  })
  return alias ? { clientId: alias.client.id, pseudonymCode: alias.client.pseudonymCode, merged: true } : null
}

/**
 * The client of a code whose cases the actor may read (at least one). Someone who may read none
 * learns nothing — not even that the code exists: the answer is the same as for an unknown code.
 */
async function readableClient(actor: Actor, text: string) {
  const client = await resolveClientCode(text)
  if (!client) return null
  const visible = await visibleCasesWhere(actor)
  const readable = await prisma.case.findFirst({ where: { AND: [visible, { clientId: client.clientId }] }, select: { id: true } })
  return readable ? client : null
}

// ---------------------------------------------------------------- families and households

export type LinkResult = { ok: true } | { ok: false; error: string }

/** Links the case's client with the client of `code` (whose cases the actor must be able to read). */
export async function linkClients(actor: Actor, access: CaseAccess, code: string, relation: ClientRelation): Promise<LinkResult> {
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: access.id }, select: { clientId: true } })
  const other = await readableClient(actor, code)
  if (!other) {
    await audit({ userId: actor.id, action: 'client.link', entity: 'clientLink', caseId: access.id, outcome: 'DENIED', details: { reason: 'unknown-code' } })
    return { ok: false, error: 'clients:errors.unknownCode' }
  }
  if (other.clientId === kase.clientId) return { ok: false, error: 'clients:errors.selfLink' }
  const [clientId, linkedClientId] = [kase.clientId, other.clientId].sort() as [string, string]
  return prisma.$transaction(async (tx) => {
    const existing = await tx.clientLink.findUnique({ where: { clientId_linkedClientId: { clientId, linkedClientId } }, select: { id: true } })
    if (existing) return { ok: false as const, error: 'clients:errors.alreadyLinked' }
    const link = await tx.clientLink.create({ data: { clientId, linkedClientId, relation, createdById: actor.id }, select: { id: true } })
    await audit({ userId: actor.id, action: 'client.link', entity: 'clientLink', entityId: link.id, caseId: access.id, details: { relation } }, tx)
    return { ok: true as const }
  })
}

/** Removes a link of the case's client to a person whose cases the actor may read. */
export async function unlinkClients(actor: Actor, access: CaseAccess, linkId: string): Promise<LinkResult> {
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: access.id }, select: { clientId: true } })
  const link = await prisma.clientLink.findFirst({
    where: { id: linkId, OR: [{ clientId: kase.clientId }, { linkedClientId: kase.clientId }] },
    select: { id: true, clientId: true, linkedClientId: true, relation: true },
  })
  const otherId = link ? (link.clientId === kase.clientId ? link.linkedClientId : link.clientId) : null
  const visible = await visibleCasesWhere(actor)
  const readable = otherId ? await prisma.case.findFirst({ where: { AND: [visible, { clientId: otherId }] }, select: { id: true } }) : null
  if (!link || !readable) {
    await audit({ userId: actor.id, action: 'client.unlink', entity: 'clientLink', entityId: linkId, caseId: access.id, outcome: 'DENIED' })
    return { ok: false, error: 'clients:errors.unknownLink' }
  }
  await prisma.$transaction(async (tx) => {
    await tx.clientLink.delete({ where: { id: link.id } })
    await audit({ userId: actor.id, action: 'client.unlink', entity: 'clientLink', entityId: link.id, caseId: access.id, details: { relation: link.relation } }, tx)
  })
  return { ok: true }
}

// ---------------------------------------------------------------- merging two records of one person

export type MergeSide = { pseudonymCode: string; birthYear: number; gender: string; cases: number; identityKey: boolean }
export type MergePreview = { kept: MergeSide; merged: MergeSide; differences: string[] }
export type MergeResult = { ok: true; preview: MergePreview; done: boolean } | { ok: false; error: string }

async function mergeSide(clientId: string): Promise<MergeSide & { teams: string[] }> {
  const client = await prisma.client.findUniqueOrThrow({
    where: { id: clientId },
    select: { pseudonymCode: true, birthYear: true, gender: true, identityKey: { select: { clientId: true } }, cases: { select: { teamId: true } } },
  })
  return {
    pseudonymCode: client.pseudonymCode,
    birthYear: client.birthYear,
    gender: client.gender,
    cases: client.cases.length,
    identityKey: Boolean(client.identityKey),
    teams: [...new Set(client.cases.map((kase) => kase.teamId))],
  }
}

/**
 * Merges the client of `code` into the case's client (team lead; both clients' cases all in the
 * lead's team). Without `confirm` only the summary is returned. The merge moves the other client's
 * cases (with their whole history), residence-status entries, languages and links to the kept client,
 * keeps the other code as an alias that resolves to the kept one, moves an identity key the kept
 * client lacks (re-encrypted for it), and deletes the other record. Audited per moved case.
 */
export async function mergeClients(actor: Actor, access: CaseAccess, code: string, confirm: boolean, now = new Date()): Promise<MergeResult> {
  if (actor.role !== 'TEAM_LEAD') return { ok: false, error: 'clients:errors.mergeRole' }
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: access.id }, select: { clientId: true, teamId: true } })
  const other = await readableClient(actor, code)
  if (!other) return { ok: false, error: 'clients:errors.unknownCode' }
  if (other.clientId === kase.clientId) return { ok: false, error: other.merged ? 'clients:errors.alreadyMerged' : 'clients:errors.selfMerge' }
  const [kept, merged] = await Promise.all([mergeSide(kase.clientId), mergeSide(other.clientId)])
  if ([...kept.teams, ...merged.teams].some((teamId) => teamId !== actor.teamId)) return { ok: false, error: 'clients:errors.mergeOtherTeam' }
  const differences = [kept.birthYear !== merged.birthYear ? 'birthYear' : null, kept.gender !== merged.gender ? 'gender' : null].filter(
    (field): field is string => field !== null,
  )
  const strip = ({ teams: _teams, ...side }: MergeSide & { teams: string[] }) => side
  const preview = { kept: strip(kept), merged: strip(merged), differences }
  if (!confirm) return { ok: true, preview, done: false }
  try {
    await prisma.$transaction((tx) => writeMerge(tx, actor, access.id, kase.clientId, other.clientId, merged.pseudonymCode, now))
  } catch (error) {
    if (error instanceof IdentityDecryptError) return { ok: false, error: 'clients:errors.mergeIdentityKey' }
    throw error
  }
  return { ok: true, preview, done: true }
}

async function writeMerge(tx: TransactionClient, actor: Actor, caseId: string, keptId: string, mergedId: string, mergedCode: string, now: Date) {
  const movedCases = await tx.case.findMany({ where: { clientId: mergedId }, select: { id: true } })
  await tx.case.updateMany({ where: { clientId: mergedId }, data: { clientId: keptId } })
  await tx.residenceStatusEntry.updateMany({ where: { clientId: mergedId }, data: { clientId: keptId } })
  const [keptLanguages, mergedLanguages] = await Promise.all([
    tx.clientLanguage.findMany({ where: { clientId: keptId }, select: { languageCode: true } }),
    tx.clientLanguage.findMany({ where: { clientId: mergedId }, select: { languageCode: true } }),
  ])
  const have = new Set(keptLanguages.map((language) => language.languageCode))
  const add = mergedLanguages.filter((language) => !have.has(language.languageCode))
  if (add.length) await tx.clientLanguage.createMany({ data: add.map((language) => ({ clientId: keptId, languageCode: language.languageCode })) })
  // Links: the other record's links become the kept client's, without a link to itself or a second one.
  const links = await tx.clientLink.findMany({ where: { OR: [{ clientId: mergedId }, { linkedClientId: mergedId }] } })
  for (const link of links) {
    const otherId = link.clientId === mergedId ? link.linkedClientId : link.clientId
    await tx.clientLink.delete({ where: { id: link.id } })
    if (otherId === keptId) continue
    const [a, b] = [keptId, otherId].sort() as [string, string]
    const exists = await tx.clientLink.findUnique({ where: { clientId_linkedClientId: { clientId: a, linkedClientId: b } }, select: { id: true } })
    if (!exists) await tx.clientLink.create({ data: { clientId: a, linkedClientId: b, relation: link.relation, createdById: link.createdById, createdAt: link.createdAt } })
  }
  // The identity key: the kept client's stays; one only the other record had moves (re-encrypted,
  // as the client id is bound into the ciphertext); a second one is deleted with the record.
  const [keptKey, mergedKey] = await Promise.all([
    tx.identityKey.findUnique({ where: { clientId: keptId }, select: { clientId: true } }),
    tx.identityKey.findUnique({ where: { clientId: mergedId } }),
  ])
  if (!keptKey && mergedKey) {
    const identity = decryptIdentity(mergedId, mergedKey)
    await tx.identityKey.create({ data: { clientId: keptId, ...encryptIdentity(keptId, identity), matchHash: mergedKey.matchHash } })
  }
  await tx.clientCodeAlias.updateMany({ where: { clientId: mergedId }, data: { clientId: keptId } })
  await tx.clientCodeAlias.create({ data: { pseudonymCode: mergedCode, clientId: keptId, mergedAt: now, mergedById: actor.id } })
  await tx.client.delete({ where: { id: mergedId } })
  await audit(
    { userId: actor.id, action: 'client.merge', entity: 'client', entityId: keptId, caseId, details: { mergedClientId: mergedId, movedCases: movedCases.length } },
    tx,
  )
  for (const moved of movedCases) {
    await audit({ userId: actor.id, action: 'case.client-merged', entity: 'case', entityId: moved.id, caseId: moved.id, details: { intoClientId: keptId } }, tx)
  }
}
