// The case master-data forms: a new client with their first case (/cases/new) and the edit of both
// (/cases/:id/edit). One field list serves both, as one fields component renders it
// (components/master-data-fields.tsx); the new-case form adds the first residence status and the
// assignment, the edit form the version and the values it was loaded with (decision 010).
import { z } from 'zod'
import { ACCESS_ROUTES, CASE_KINDS, CONSENT_FORMS, GENDERS, GERMAN_LEVELS, PROGRAMMES, START_PLACES } from '#app/domain/codes.ts'
import { officeDay } from '#app/domain/follow-up.ts'
import { DateInputSchema, LanguagesSchema } from '#app/forms/fields.ts'
import { isCountryCode, LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/
/** Adults and children in the household, family members counselled alongside. */
export const MAX_PERSONS = 30

/** This month as YYYY-MM, read at validation time: a server running over New Year stays right. */
/** This month in the office (YYYY-MM): from 00:00 to 01:00 German time the UTC month may still be the last one. */
export function currentMonth(now = new Date()) {
  return officeDay(now).slice(0, 7)
}

/** Today in the office as YYYY-MM-DD: the latest day a date field accepts (a calendar day, never the UTC day). */
export function todayIso(now = new Date()) {
  return officeDay(now)
}

/** This year in the office (the latest birth year). */
export function currentYear(now = new Date()) {
  return Number(officeDay(now).slice(0, 4))
}

const count = z
  .number({ required_error: 'cases:errors.count', invalid_type_error: 'cases:errors.count' })
  .int('cases:errors.count')
  .min(0, 'cases:errors.count')
  .max(MAX_PERSONS, 'cases:errors.count')
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: 'cases:errors.choose' }) })
const catalogueId = z
  .number({ required_error: 'cases:errors.choose', invalid_type_error: 'cases:errors.catalogue' })
  .int('cases:errors.catalogue')
  .positive('cases:errors.catalogue')
const countryCode = z.string().refine(isCountryCode, 'cases:errors.country')
// The shape only: the browser bundle does not carry the ISO 639-3 table, the server checks the code.
const languageCode = z.string().regex(LANGUAGE_CODE_PATTERN, 'cases:errors.language')
const pastDay = DateInputSchema('cases:errors.date')
  .refine((day) => day >= '1900-01-01', 'cases:errors.date')
  .refine((day) => day <= todayIso(), 'cases:errors.dateFuture')

// The opening day of a case: whether it lies in the future is decided on the server by the office's
// calendar day (Europe/Berlin), not by the browser's or UTC's (models/case.server.ts openingErrors).
const openingDay = DateInputSchema('cases:errors.date').refine((day) => day >= '1900-01-01', 'cases:errors.date')

/** The master data of a client and their case: the fields new and edit share (MASTER_DATA_FIELDS). */
export const MasterDataSchema = z.object({
  birthYear: z
    .number({ required_error: 'cases:errors.birthYear', invalid_type_error: 'cases:errors.birthYear' })
    .int('cases:errors.birthYear')
    .min(1900, 'cases:errors.birthYear')
    .refine((year) => year <= currentYear(), 'cases:errors.birthYear'),
  gender: choice(GENDERS),
  nationality: countryCode.optional(),
  countryOfOrigin: countryCode.optional(),
  languages: LanguagesSchema,
  arrivalMonth: z
    .string()
    .regex(MONTH_PATTERN, 'cases:errors.month')
    .refine((month) => month >= '1900-01', 'cases:errors.month')
    .refine((month) => month <= currentMonth(), 'cases:errors.arrivalFuture')
    .optional(),
  districtId: catalogueId.optional(),
  householdAdults: count,
  householdChildren: count,
  programme: choice(PROGRAMMES),
  accessRoute: choice(ACCESS_ROUTES),
  germanLevel: choice(GERMAN_LEVELS),
  startPlace: choice(START_PLACES),
  kind: choice(CASE_KINDS),
  familyMembersCounselled: count,
  sharedForSubstitution: z.boolean().default(false),
  legalBasisId: catalogueId.optional(),
  privacyInfoGivenAt: pastDay.optional(),
  privacyInfoLanguage: languageCode.optional(),
  privacyInfoForm: choice(CONSENT_FORMS).optional(),
})

export type MasterDataInput = z.output<typeof MasterDataSchema>

function checkMasterData(value: MasterDataInput, ctx: z.RefinementCtx) {
  if (value.arrivalMonth && Number(value.arrivalMonth.slice(0, 4)) < value.birthYear) {
    ctx.addIssue({ code: 'custom', path: ['arrivalMonth'], message: 'cases:errors.arrivalBeforeBirth' })
  }
  if ((value.privacyInfoLanguage || value.privacyInfoForm) && !value.privacyInfoGivenAt) {
    ctx.addIssue({ code: 'custom', path: ['privacyInfoGivenAt'], message: 'cases:errors.privacyDate' })
  }
  if (value.privacyInfoGivenAt && !value.privacyInfoForm) {
    ctx.addIssue({ code: 'custom', path: ['privacyInfoForm'], message: 'cases:errors.privacyForm' })
  }
}

// The browser and the action validate with the same schema; catalogue ids, ISO codes and who may be
// assigned are checked again on the server by createClientAndCase.
export const NewCaseSchema = MasterDataSchema.extend({
  residenceStatusId: catalogueId,
  residenceStatusSince: z
    .date({ invalid_type_error: 'cases:errors.date', required_error: 'cases:errors.date' })
    .min(new Date('1900-01-01'), 'cases:errors.date')
    .refine((date) => date.toISOString().slice(0, 10) <= todayIso(), 'cases:errors.dateFuture'),
  counsellorId: z.string().max(100).optional(),
  // Go-live (issue 14): a running case is entered with the day it was opened; empty means today.
  openedOn: openingDay.optional(),
})
  .superRefine(checkMasterData)
  .superRefine(checkOpening)

/** The opening day is a calendar day, not before the client's year of birth (issue 14). */
function checkOpening(value: { birthYear?: number; openedOn?: string }, ctx: z.RefinementCtx) {
  if (value.openedOn && value.birthYear && Number(value.openedOn.slice(0, 4)) < value.birthYear) {
    ctx.addIssue({ code: 'custom', path: ['openedOn'], message: 'clients:errors.openedBeforeBirth' })
  }
}

/**
 * A further case for a client already recorded (returning client, issue 14): the case fields of the
 * master data only — the client's own fields stay as they are and are edited on the case file.
 */
export const ReturningCaseSchema = MasterDataSchema.pick({
  programme: true,
  accessRoute: true,
  germanLevel: true,
  startPlace: true,
  kind: true,
  familyMembersCounselled: true,
  sharedForSubstitution: true,
  legalBasisId: true,
  privacyInfoGivenAt: true,
  privacyInfoLanguage: true,
  privacyInfoForm: true,
})
  .extend({ counsellorId: z.string().max(100).optional(), openedOn: openingDay.optional() })
  .superRefine((value, ctx) => {
    if ((value.privacyInfoLanguage || value.privacyInfoForm) && !value.privacyInfoGivenAt) {
      ctx.addIssue({ code: 'custom', path: ['privacyInfoGivenAt'], message: 'cases:errors.privacyDate' })
    }
    if (value.privacyInfoGivenAt && !value.privacyInfoForm) {
      ctx.addIssue({ code: 'custom', path: ['privacyInfoForm'], message: 'cases:errors.privacyForm' })
    }
  })

export type ReturningCaseInput = z.output<typeof ReturningCaseSchema>

/** `base`: the values the form was loaded with, to tell what someone else changed meanwhile. */
export const EditCaseSchema = MasterDataSchema.extend({
  version: z.number().int().min(1),
  base: z.string().max(20_000),
}).superRefine(checkMasterData)

/** The `base` field, once parsed from its JSON. */
export const BaseSchema = z.record(z.union([z.string().max(200), z.array(z.string().max(10)).max(30)]))
