// The partner directory's starting content (PRODUCT.md §2): the kinds of organisation that exist in
// Mecklenburg-Vorpommern. Neutral names where the real name is not certain; no contact details are
// invented — administrators add them in /admin/partners. Idempotent by name: an administrator's
// later edits (or a deactivation) survive restarts.
import { prisma } from '#app/utils/db.server.ts'
import { PLACES } from './catalogues.ts'

type PartnerSeed = { name: string; kind: string; district: string; languages?: string }

const DISTRICTS = ['SN', 'HRO', 'LRO', 'LUP', 'NWM', 'MSE', 'VG', 'VR'] as const

function districtLabel(code: string) {
  return PLACES.find((place) => place.code === code)!.de
}

export const PARTNER_SEEDS: PartnerSeed[] = [
  {
    name: 'Psychosoziales Zentrum für Geflüchtete Greifswald',
    kind: 'PSYCHOSOCIAL_CENTRE',
    district: 'VG',
    languages: 'deu,eng',
  },
  {
    name: 'Psychosoziales Zentrum für Geflüchtete Rostock',
    kind: 'PSYCHOSOCIAL_CENTRE',
    district: 'HRO',
    languages: 'deu,eng',
  },
  {
    name: 'Psychosoziales Zentrum für Geflüchtete Neubrandenburg',
    kind: 'PSYCHOSOCIAL_CENTRE',
    district: 'MSE',
    languages: 'deu,eng',
  },
  {
    name: 'Sprachmittlungspool Schwerin',
    kind: 'LANGUAGE_MEDIATION_SERVICE',
    district: 'SN',
    languages: 'arb,fas,prs,pus,rus,ukr,tur,kmr',
  },
  {
    name: 'Sprachmittlungspool Rostock',
    kind: 'LANGUAGE_MEDIATION_SERVICE',
    district: 'HRO',
    languages: 'arb,fas,prs,rus,ukr,tir,som',
  },
  {
    name: 'Sprachmittlungspool Neubrandenburg',
    kind: 'LANGUAGE_MEDIATION_SERVICE',
    district: 'MSE',
    languages: 'arb,fas,rus,ukr,tur',
  },
  {
    name: 'Sprachmittlungspool Greifswald',
    kind: 'LANGUAGE_MEDIATION_SERVICE',
    district: 'VG',
    languages: 'arb,fas,prs,rus,ukr,kmr',
  },
  ...DISTRICTS.flatMap((district) => [
    {
      name: `Sozialpsychiatrischer Dienst ${districtLabel(district)}`,
      kind: 'SOCIAL_PSYCHIATRIC_SERVICE',
      district,
    },
    { name: `Ausländerbehörde ${districtLabel(district)}`, kind: 'IMMIGRATION_OFFICE', district },
    { name: `Jobcenter ${districtLabel(district)}`, kind: 'JOB_CENTRE', district },
  ]),
]

export async function seedPartners() {
  const districts = await prisma.catalogueEntry.findMany({
    where: { catalogue: 'PLACE' },
    select: { id: true, code: true },
  })
  const districtId = new Map(districts.map((entry) => [entry.code, entry.id]))
  const existing = new Set(
    (await prisma.partnerOrganisation.findMany({ select: { name: true } })).map((partner) => partner.name),
  )
  for (const partner of PARTNER_SEEDS) {
    if (existing.has(partner.name)) continue
    await prisma.partnerOrganisation.create({
      data: {
        name: partner.name,
        kind: partner.kind,
        districtId: districtId.get(partner.district) ?? null,
        languages: partner.languages ?? 'deu',
      },
    })
  }
}
