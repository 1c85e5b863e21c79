import { parseWithZod } from '@conform-to/zod'
import { z } from 'zod'
import { REFERRAL_KINDS } from '#app/domain/codes.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type Prisma } from '#app/utils/db.server.ts'
import { isLanguageCode, languageName } from '#app/utils/iso.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { type Option } from '#app/utils/options.ts'
import { PartnerSchema } from '#app/forms/partner.ts'
import { languageCodeErrors } from '#app/models/language-choices.server.ts'

export type PartnerFilters = { kind?: string; districtId?: number; language?: string; active?: boolean }

const listSelect = {
  id: true,
  name: true,
  kind: true,
  districtId: true,
  address: true,
  phone: true,
  email: true,
  website: true,
  languages: true,
  active: true,
  district: { select: { labelDe: true, labelEn: true } },
} as const

export function isReferralKind(kind: unknown): kind is (typeof REFERRAL_KINDS)[number] {
  return typeof kind === 'string' && (REFERRAL_KINDS as readonly string[]).includes(kind)
}

export function splitLanguages(value: string) {
  return value
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean)
}

function partnerWhere(filters: PartnerFilters): Prisma.PartnerOrganisationWhereInput {
  const where: Prisma.PartnerOrganisationWhereInput = {}
  if (filters.kind) where.kind = filters.kind
  if (filters.districtId) where.districtId = filters.districtId
  if (filters.active !== undefined) where.active = filters.active
  if (filters.language) {
    // Languages are a short comma-separated list; match whole codes, not substrings.
    const code = filters.language
    where.OR = [
      { languages: code },
      { languages: { startsWith: `${code},` } },
      { languages: { endsWith: `,${code}` } },
      { languages: { contains: `,${code},` } },
    ]
  }
  return where
}

/** The directory is a few hundred rows at most, so it is listed whole (sorted), not paginated. */
export async function listPartners(filters: PartnerFilters) {
  const partners = await prisma.partnerOrganisation.findMany({
    where: partnerWhere(filters),
    select: listSelect,
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  })
  return partners.map((partner) => ({ ...partner, languages: splitLanguages(partner.languages) }))
}

export async function getPartner(id: string) {
  const partner = await prisma.partnerOrganisation.findUnique({ where: { id }, select: listSelect })
  return partner ? { ...partner, languages: splitLanguages(partner.languages) } : null
}

/** An active partner by id (for referrals): an inactive or unknown one answers null. */
export async function getActivePartner(id: string) {
  return prisma.partnerOrganisation.findFirst({
    where: { id, active: true },
    select: { id: true, name: true, kind: true },
  })
}

/** The languages some partner offers (the directory's language filter offers only these). */
export async function offeredLanguages({ activeOnly = false } = {}) {
  const partners = await prisma.partnerOrganisation.findMany({
    where: activeOnly ? { active: true } : {},
    select: { languages: true },
  })
  return [...new Set(partners.flatMap((partner) => splitLanguages(partner.languages)))]
}

/**
 * The partner filter of the directory and of the referral form (kind, district, language) as the
 * query string has it; a value that is not a kind, district id or language code means "any".
 */
export function partnerFiltersFrom(params: URLSearchParams): Pick<PartnerFilters, 'kind' | 'districtId' | 'language'> {
  const kind = params.get('kind') ?? ''
  const language = params.get('language') ?? ''
  return {
    kind: isReferralKind(kind) ? kind : undefined,
    districtId: Number(params.get('district') ?? '') || undefined,
    language: isLanguageCode(language) ? language : undefined,
  }
}

/** The partner filter as its form shows it (empty: any). */
export function partnerFilterValues(filters: PartnerFilters) {
  return { kind: filters.kind ?? '', district: filters.districtId ? String(filters.districtId) : '', language: filters.language ?? '' }
}

/**
 * The choices of the partner filter: the districts (active ones only where a new referral is made)
 * and the languages some partner offers, by name.
 */
export async function partnerFilterChoices(lng: string, { activeOnly = false } = {}): Promise<{ districts: Option[]; languages: Option[] }> {
  const [districts, offered] = await Promise.all([districtOptions(), offeredLanguages({ activeOnly })])
  return {
    districts: districts
      .filter((district) => district.active || !activeOnly)
      .map((district) => ({ value: String(district.id), label: catalogueLabel(district, lng) })),
    languages: offered
      .map((code) => ({ value: code, label: languageName(code, lng) }))
      .sort((a, b) => a.label.localeCompare(b.label, lng)),
  }
}

export async function districtOptions() {
  return prisma.catalogueEntry.findMany({
    where: { catalogue: 'PLACE', group: 'DISTRICT' },
    select: { id: true, labelDe: true, labelEn: true, active: true },
    orderBy: { sortOrder: 'asc' },
  })
}

export async function isDistrictId(id: number) {
  const entry = await prisma.catalogueEntry.findFirst({
    where: { id, catalogue: 'PLACE' },
    select: { id: true },
  })
  return Boolean(entry)
}

export type PartnerInput = {
  name: string
  kind: string
  districtId: number | null
  address: string | null
  phone: string | null
  email: string | null
  website: string | null
  languages: string[]
}

/**
 * The partner form of /admin/partners/new and /admin/partners/<id>, validated on the server: the
 * district must be a PLACE entry, every language an ISO 639-3 code.
 * `input` is set when the submission is valid.
 */
export async function parsePartnerForm(formData: FormData) {
  const submission = await parseWithZod(formData, {
    schema: PartnerSchema.superRefine(async (value, ctx) => {
      if (value.districtId && !(await isDistrictId(value.districtId)))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['districtId'], message: 'referrals:partners.errors.district' })
      for (const message of languageCodeErrors(value.languages) ?? []) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['languages'], message })
    }),
    async: true,
  })
  if (submission.status !== 'success') return { submission, input: null }
  const { districtId, ...rest } = submission.value
  const input: PartnerInput = { ...rest, districtId: districtId ?? null }
  return { submission, input }
}

function toData(input: PartnerInput) {
  return { ...input, languages: input.languages.join(',') }
}

export async function createPartner(input: PartnerInput, actor: { userId: string }) {
  return prisma.$transaction(async (tx) => {
    const partner = await tx.partnerOrganisation.create({ data: toData(input), select: { id: true } })
    await audit(
      {
        userId: actor.userId,
        action: 'partner.create',
        entity: 'partner',
        entityId: partner.id,
      },
      tx,
    )
    return partner
  })
}

export async function updatePartner(
  id: string,
  input: PartnerInput,
  actor: { userId: string },
) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.partnerOrganisation.findUnique({
      where: { id },
      select: { ...listSelect, district: false },
    })
    if (!before) return false
    const data = toData(input)
    const changed = (Object.keys(data) as Array<keyof typeof data>).filter((key) => before[key] !== data[key])
    await tx.partnerOrganisation.update({ where: { id }, data })
    await audit(
      {
        userId: actor.userId,
        action: 'partner.update',
        entity: 'partner',
        entityId: id,
        details: { changed },
      },
      tx,
    )
    return true
  })
}

/** Deactivation keeps the record: past referrals still name the partner; new ones cannot pick it. */
export async function setPartnerActive(
  id: string,
  active: boolean,
  actor: { userId: string },
) {
  return prisma.$transaction(async (tx) => {
    const result = await tx.partnerOrganisation.updateMany({ where: { id }, data: { active } })
    if (result.count === 0) return false
    await audit(
      {
        userId: actor.userId,
        action: active ? 'partner.activate' : 'partner.deactivate',
        entity: 'partner',
        entityId: id,
      },
      tx,
    )
    return true
  })
}
