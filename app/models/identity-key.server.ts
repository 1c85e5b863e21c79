// Identity keys (Zuordnungsschlüssel): the only place that reads or writes the IdentityKey table.
// Callers have already checked `requireCaseAccess(…, 'reveal-identity')`. Audit details name the
// fields and the reason category — never a name, date or phone number.
import { canAccessCase, type Actor } from '#app/domain/access-policy.ts'
import { getSubstitutesFor } from '#app/models/case-access.server.ts'
import { handoverToken } from '#app/models/handover-request.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
  decryptIdentity,
  encryptIdentity,
  identityMatchHash,
  IdentityDecryptError,
  type EncryptedIdentity,
  type IdentityData,
  type IdentityKeyConfig,
} from '#app/utils/identity-crypto.server.ts'
import { REVEAL_REASON_CODES } from '#app/forms/identity.ts'

/** Why an identity is revealed. Only the category is stored; a free note is never kept. */
export const REVEAL_REASONS = REVEAL_REASON_CODES
export type RevealReason = (typeof REVEAL_REASONS)[number]

export async function getCaseClient(caseId: string) {
  return prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { id: true, clientId: true, client: { select: { pseudonymCode: true, anonymisedAt: true } } },
  })
}

/** Whether a client has an identity key, without touching the ciphertext; the look is audited. */
export async function getIdentityKeyState({ actor, caseId, clientId }: { actor: Actor; caseId: string; clientId: string }) {
  const state = await prisma.identityKey.findUnique({ where: { clientId }, select: { keyVersion: true, updatedAt: true, createdAt: true } })
  await audit({ userId: actor.id, action: 'identity.view', entity: 'identityKey', entityId: clientId, caseId })
  return state
}

export async function saveIdentityKey({
  actor,
  caseId,
  clientId,
  identity,
}: {
  actor: Actor
  caseId: string
  clientId: string
  identity: IdentityData
}) {
  const encrypted = encryptIdentity(clientId, identity)
  const matchHash = identityMatchHash(identity.name, identity.dateOfBirth)
  return prisma.$transaction(async (tx) => {
    const existing = await tx.identityKey.findUnique({ where: { clientId }, select: { clientId: true } })
    await tx.identityKey.upsert({
      where: { clientId },
      create: { clientId, ...encrypted, matchHash },
      update: { ...encrypted, matchHash },
    })
    const fields = ['name', 'dateOfBirth', ...(identity.phone ? ['phone'] : [])]
    await audit(
      { userId: actor.id, action: existing ? 'identity.replace' : 'identity.create', entity: 'identityKey', entityId: clientId, caseId, details: { fields } },
      tx,
    )
    return existing ? 'replaced' : 'created'
  })
}

/** Deleting the identity key makes the client anonymous: nothing links the case to a person. */
export async function deleteIdentityKey({ actor, caseId, clientId }: { actor: Actor; caseId: string; clientId: string }) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.identityKey.deleteMany({ where: { clientId } })
    if (count > 0) await audit({ userId: actor.id, action: 'identity.delete', entity: 'identityKey', entityId: clientId, caseId }, tx)
    return count > 0
  })
}

export type RevealResult = { ok: true; identity: IdentityData } | { ok: false; error: 'missing' | 'tampered' | 'key-version' | 'disabled' }

/** Decrypts for display once; every attempt is audited with its reason category and outcome. */
export async function revealIdentityKey({
  actor,
  caseId,
  clientId,
  reason,
}: {
  actor: Actor
  caseId: string
  clientId: string
  reason: RevealReason
}): Promise<RevealResult> {
  const record = await prisma.identityKey.findUnique({
    where: { clientId },
    select: { ciphertext: true, iv: true, authTag: true, keyVersion: true },
  })
  const base = { userId: actor.id, action: 'identity.reveal', entity: 'identityKey', entityId: clientId, caseId }
  if (!record) {
    await audit({ ...base, outcome: 'FAILED', details: { reason, error: 'missing' } })
    return { ok: false, error: 'missing' }
  }
  try {
    const identity = decryptIdentity(clientId, record)
    await audit({ ...base, details: { reason } })
    return { ok: true, identity }
  } catch (error) {
    if (!(error instanceof IdentityDecryptError)) throw error
    await audit({ ...base, outcome: 'FAILED', details: { reason, error: error.reason } })
    return { ok: false, error: error.reason }
  }
}

// The duplicate check is an oracle for "is X a client?": limited per user so that it cannot be used
// to test a list of names. In memory, like the sign-in throttle (single-process server).
export const DUPLICATE_CHECKS_PER_HOUR = 20
const HOUR_MS = 60 * 60 * 1000
const checksByUser = new Map<string, number[]>()

/** Records an attempt and says whether it is within the limit. */
export function takeDuplicateCheck(userId: string, now = Date.now()) {
  const recent = (checksByUser.get(userId) ?? []).filter((at) => now - at < HOUR_MS)
  if (recent.length >= DUPLICATE_CHECKS_PER_HOUR) {
    checksByUser.set(userId, recent)
    return false
  }
  recent.push(now)
  checksByUser.set(userId, recent)
  return true
}

export type DuplicateCheckResult =
  | { kind: 'none' }
  | {
      kind: 'match'
      readable: Array<{ id: string; pseudonymCode: string; newCase: boolean }>
      teams: string[]
      /** per other team holding the person: a token for "Übergabe anfragen" (decision 043), no case data */
      requestable: Array<{ team: string; token: string }>
    }

/**
 * "Is this person already a client?" The answer names only the team to contact — never case
 * content or code — unless the user may read the matching case, which is then linked.
 */
export async function checkForDuplicate({
  actor,
  name,
  dateOfBirth,
}: {
  actor: Actor
  name: string
  dateOfBirth: string
}): Promise<DuplicateCheckResult> {
  const matchHash = identityMatchHash(name, dateOfBirth)
  const cases = matchHash
    ? await prisma.case.findMany({
        where: { client: { identityKey: { matchHash } } },
        select: {
          id: true,
          teamId: true,
          counsellorId: true,
          sharedForSubstitution: true,
          status: true,
          clientId: true,
          team: { select: { name: true } },
          client: { select: { pseudonymCode: true } },
        },
        orderBy: { openedAt: 'desc' },
        take: 20,
      })
    : []
  const relation = { substitutesFor: await getSubstitutesFor(actor) }
  const readable = cases.filter((kase) => canAccessCase(actor, kase, 'read', relation))
  const teams = [...new Set(cases.filter((kase) => !readable.includes(kase)).map((kase) => kase.team.name))]
  await audit({
    userId: actor.id,
    action: 'identity.match-check',
    entity: 'identityKey',
    details: { result: cases.length > 0 ? 'match' : 'none' },
  })
  if (cases.length === 0) return { kind: 'none' }
  // A closed case of the own team whose client has no running case here offers "Neuer Fall für
  // diese Person" (issue 14): the returning client keeps record and code.
  const running = new Set(cases.filter((kase) => kase.teamId === actor.teamId && kase.status !== 'CLOSED').map((kase) => kase.clientId))
  const newCase = (kase: (typeof cases)[number]) => kase.teamId === actor.teamId && kase.status === 'CLOSED' && !running.has(kase.clientId)
  // Across teams the match leads to a transfer request (issue 14): one per holding team, for its
  // running case if there is one, else its newest. The own team's cases are not requested this way.
  const requestable = new Map<string, { team: string; token: string }>()
  const foreign = cases.filter((kase) => kase.teamId !== actor.teamId && !readable.includes(kase))
  for (const kase of [...foreign.filter((kase) => kase.status !== 'CLOSED'), ...foreign]) {
    if (!requestable.has(kase.teamId)) requestable.set(kase.teamId, { team: kase.team.name, token: handoverToken(kase.id, actor.id) })
  }
  return {
    kind: 'match',
    readable: readable.map((kase) => ({ id: kase.id, pseudonymCode: kase.client.pseudonymCode, newCase: newCase(kase) })),
    teams,
    requestable: [...requestable.values()],
  }
}

export type RotationResult = { total: number; rotated: number; failed: number; keyVersion: number; dryRun: boolean }

/**
 * Re-encrypts every identity key under a new key and recomputes every match hash under a new HMAC
 * secret, in one transaction: either all records move to the new key or none does. If a single
 * record cannot be decrypted with the current key, nothing is written (fix or delete it first).
 */
export async function rotateIdentityKeys({
  current,
  next,
  dryRun = false,
}: {
  current: IdentityKeyConfig
  next: IdentityKeyConfig
  dryRun?: boolean
}): Promise<RotationResult> {
  return prisma.$transaction(
    async (tx) => {
      const records = await tx.identityKey.findMany({ select: { clientId: true, ciphertext: true, iv: true, authTag: true, keyVersion: true } })
      const rotated: Array<{ clientId: string; data: EncryptedIdentity & { matchHash: string | null } }> = []
      let failed = 0
      for (const record of records) {
        try {
          const identity = decryptIdentity(record.clientId, record, current)
          const encrypted = encryptIdentity(record.clientId, identity, next)
          rotated.push({ clientId: record.clientId, data: { ...encrypted, matchHash: identityMatchHash(identity.name, identity.dateOfBirth, next) } })
        } catch (error) {
          if (!(error instanceof IdentityDecryptError)) throw error
          failed += 1
        }
      }
      const result = { total: records.length, rotated: rotated.length, failed, keyVersion: next.keyVersion, dryRun }
      if (dryRun || failed > 0) return { ...result, rotated: 0 }
      for (const { clientId, data } of rotated) await tx.identityKey.update({ where: { clientId }, data })
      await audit({ action: 'identity.rotate', entity: 'identityKey', details: { total: records.length, keyVersion: next.keyVersion } }, tx)
      return result
    },
    { timeout: 10 * 60 * 1000 },
  )
}
