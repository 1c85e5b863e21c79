import { type Catalogue } from '#app/domain/codes.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRows } from '#app/utils/db.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

export type CatalogueOption = { id: number; code: string; label: string; group: string | null; active: boolean }

/**
 * Entries of a catalogue in the user's language. Retired entries are returned only when asked
 * for (forms offer active ones; pages that display stored values need retired ones too).
 */
export async function getCatalogue(catalogue: Catalogue, language: string, { includeRetired = false } = {}): Promise<CatalogueOption[]> {
  // Straight from the connection (`readRows`, decision 067; the contact form's topics on every
  // view): the ORM's findMany written out, the integers converted as the ORM returned them. The
  // catalogue bound as `+?` (decision 146): the planner does not read it, so SQLite compiles the
  // statement once (68 rows; the plan is checked in the plan test).
  const entries = await readRows<Array<{ id: bigint; code: string; labelDe: string; labelEn: string; group: string | null; active: bigint }>>`
    SELECT "id", "code", "labelDe", "labelEn", "group", "active" FROM "CatalogueEntry"
    WHERE "catalogue" = +${catalogue} ${includeRetired ? Prisma.empty : Prisma.sql`AND "active" = 1`}
    ORDER BY "sortOrder" ASC, "id" ASC`
  return entries.map((entry) => ({
    id: Number(entry.id),
    code: entry.code,
    label: catalogueLabel(entry, language),
    group: entry.group,
    active: Number(entry.active) === 1,
  }))
}

/** True when the id names an active entry of that catalogue (tampered or retired ids are refused). */
export async function isActiveCatalogueEntry(catalogue: Catalogue, id: number) {
  const entry = await prisma.catalogueEntry.findFirst({ where: { id, catalogue, active: true }, select: { id: true } })
  return Boolean(entry)
}

export async function listCatalogueForAdmin(catalogue: Catalogue) {
  return prisma.catalogueEntry.findMany({
    where: { catalogue },
    select: { id: true, code: true, labelDe: true, labelEn: true, group: true, active: true, sortOrder: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  })
}

export async function codeTaken(catalogue: Catalogue, code: string) {
  return Boolean(await prisma.catalogueEntry.findUnique({ where: { catalogue_code: { catalogue, code } }, select: { id: true } }))
}

export async function addCatalogueEntry(
  catalogue: Catalogue,
  input: { code: string; labelDe: string; labelEn: string; group: string | null },
  actorId: string,
) {
  await prisma.$transaction(async (tx) => {
    const last = await tx.catalogueEntry.aggregate({ where: { catalogue }, _max: { sortOrder: true } })
    const entry = await tx.catalogueEntry.create({ data: { catalogue, ...input, sortOrder: (last._max.sortOrder ?? 0) + 1 }, select: { id: true } })
    await audit({ userId: actorId, action: 'catalogue.create', entity: 'catalogue', entityId: String(entry.id), details: { catalogue, code: input.code } }, tx)
  })
}

export async function updateCatalogueEntry(
  catalogue: Catalogue,
  id: number,
  input: { labelDe: string; labelEn: string; active: boolean },
  actorId: string,
) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.catalogueEntry.updateMany({ where: { id, catalogue }, data: input })
    if (count === 1) {
      await audit({ userId: actorId, action: 'catalogue.update', entity: 'catalogue', entityId: String(id), details: { catalogue, active: input.active } }, tx)
    }
    return count === 1
  })
}
