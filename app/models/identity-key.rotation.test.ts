import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { decryptIdentity, identityKeyConfig, identityMatchHash } from '#app/utils/identity-crypto.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { rotateIdentityKeys, saveIdentityKey } from './identity-key.server.ts'

const people = [
  { name: 'Amina Al-Hassan', dateOfBirth: '1990-04-12', phone: '+49 381 1' },
  { name: 'Ömer Yılmaz', dateOfBirth: '1975-01-31', phone: '' },
  { name: 'Olena Kovalenko', dateOfBirth: '2001-12-24', phone: '0171 2' },
]

async function arrange() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const clients: string[] = []
  for (const identity of people) {
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await saveIdentityKey({ actor: { id: counsellor.id, role: 'COUNSELLOR', teamId: eae.id }, caseId: kase.id, clientId: kase.clientId, identity })
    clients.push(kase.clientId)
  }
  return clients
}

describe('identity key rotation', () => {
  test('every identity survives; match hashes follow the new secret; the old key no longer works', async () => {
    const clients = await arrange()
    const current = identityKeyConfig()!
    const next = { key: crypto.randomBytes(32), hmacSecret: 'the-new-hmac-secret-for-rotation-0123456789', keyVersion: 2 }
    const before = await prisma.identityKey.findMany({ orderBy: { clientId: 'asc' } })

    expect(await rotateIdentityKeys({ current, next, dryRun: true })).toEqual({ total: 3, rotated: 0, failed: 0, keyVersion: 2, dryRun: true })
    expect(await prisma.identityKey.findMany({ orderBy: { clientId: 'asc' } })).toEqual(before)

    expect(await rotateIdentityKeys({ current, next })).toEqual({ total: 3, rotated: 3, failed: 0, keyVersion: 2, dryRun: false })
    for (const [index, clientId] of clients.entries()) {
      const record = await prisma.identityKey.findUniqueOrThrow({ where: { clientId } })
      expect(record.keyVersion).toBe(2)
      expect(decryptIdentity(clientId, record, next)).toEqual(people[index])
      expect(() => decryptIdentity(clientId, record, { ...current, keyVersion: 2 })).toThrow()
      expect(record.matchHash).toBe(identityMatchHash(people[index]!.name, people[index]!.dateOfBirth, next))
    }
    expect(await prisma.auditEvent.count({ where: { action: 'identity.rotate' } })).toBe(1)
  })

  test('one undecryptable record stops the whole rotation', async () => {
    const clients = await arrange()
    await prisma.identityKey.update({ where: { clientId: clients[1]! }, data: { authTag: Buffer.alloc(16).toString('base64') } })
    const before = await prisma.identityKey.findMany({ orderBy: { clientId: 'asc' } })
    const next = { key: crypto.randomBytes(32), hmacSecret: 'the-new-hmac-secret-for-rotation-0123456789', keyVersion: 2 }
    expect(await rotateIdentityKeys({ current: identityKeyConfig()!, next })).toMatchObject({ total: 3, rotated: 0, failed: 1 })
    expect(await prisma.identityKey.findMany({ orderBy: { clientId: 'asc' } })).toEqual(before)
  })
})
