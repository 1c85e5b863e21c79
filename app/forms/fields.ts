// Shared field schemas for every form, in the browser and in the actions.
import { z } from 'zod'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'

// Messages are locale keys ("namespace:key") translated by ErrorList.
export const EmailSchema = z
  .string({ required_error: 'auth:login.emailInvalid' })
  .trim()
  .max(254, 'auth:login.emailInvalid')
  .email('auth:login.emailInvalid')
  .transform((value) => value.toLowerCase())

export const PasswordSchema = z
  .string({ required_error: 'auth:password.tooShort' })
  .min(12, 'auth:password.tooShort')
  .max(128, 'auth:password.tooLong')

/** Trimmed, with control characters other than line breaks and tabs removed. */
export function cleanText(value: string) {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim()
}

/** Free text: trimmed, bounded, with control characters other than line breaks and tabs removed. */
export function freeText(max: number) {
  return z.string().transform(cleanText).pipe(z.string().max(max, 'common:form.tooLong'))
}

/** Where to go next; a target that is not a path of this site becomes "/" (never an error). */
export const RedirectToSchema = z
  .string()
  .optional()
  .transform((value) => safeRedirect(value))

/** A date typed into <input type="date"> (YYYY-MM-DD) that exists in the calendar. */
export const DateInputSchema = (message: string) =>
  z
    .string({ required_error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine(
      (value) =>
        !Number.isNaN(Date.parse(`${value}T12:00:00Z`)) &&
        new Date(`${value}T12:00:00Z`).toISOString().startsWith(value),
      message,
    )

/** The most languages one person (client, staff member) or partner is recorded with, in every form. */
export const MAX_LANGUAGES = 10

export const UNKNOWN_LANGUAGE_ERROR = 'common:languageChoice.errors.unknown'

/**
 * Several ISO 639-3 codes posted under one name (components/ui/multi-select.tsx: a select multiple
 * without JavaScript, hidden inputs with it): empty values dropped, duplicates removed. The shape
 * only: the browser bundle does not carry the ISO 639-3 table, the server checks each code
 * (unknownLanguageError in utils/iso.server.ts) with the same message.
 */
export const LanguagesSchema = z
  .array(z.string().max(8, UNKNOWN_LANGUAGE_ERROR).optional())
  .default([])
  .transform((codes) => [...new Set(codes.filter((code): code is string => Boolean(code)))])
  .pipe(
    z
      .array(z.string().regex(LANGUAGE_CODE_PATTERN, UNKNOWN_LANGUAGE_ERROR))
      .max(MAX_LANGUAGES, 'common:languageChoice.errors.tooMany'),
  )
