import { describe, expect, test } from 'vitest'
import { chooseTexts, consentKindFor, defaultClientLanguage, templateLanguageFor } from './consent-templates.ts'

describe('which text a client gets', () => {
  test('spoken varieties read the written standard; unclear ones have no template', () => {
    expect(templateLanguageFor('apc')).toBe('arb')
    expect(templateLanguageFor('pes')).toBe('fas')
    expect(templateLanguageFor('pbu')).toBe('pus')
    expect(templateLanguageFor('prs')).toBe('prs')
    expect(templateLanguageFor('tig')).toBeNull()
    expect(templateLanguageFor('kur')).toBeNull()
    expect(templateLanguageFor(null)).toBeNull()
  })

  test('the first language with a template, German only when nothing else has one', () => {
    expect(defaultClientLanguage(['deu', 'tig', 'tir'])).toBe('tir')
    expect(defaultClientLanguage(['vie', 'deu'])).toBe('deu')
    expect(defaultClientLanguage(['vie'])).toBeNull()
    expect(defaultClientLanguage([])).toBeNull()
  })

  test('German alone, a language with a template, or English as the fallback', () => {
    expect(chooseTexts(null)).toEqual({ language: null, fallback: false })
    expect(chooseTexts('deu')).toEqual({ language: null, fallback: false })
    expect(chooseTexts('ary')).toEqual({ language: 'arb', fallback: false })
    expect(chooseTexts('eng')).toEqual({ language: 'eng', fallback: false })
    expect(chooseTexts('vie')).toEqual({ language: 'eng', fallback: true })
  })

  test('four consent texts cover every recipient kind', () => {
    expect(consentKindFor('PSYCHOTHERAPY')).toBe('CONSENT_PSYCHOSOCIAL')
    expect(consentKindFor('LANGUAGE_MEDIATION_SERVICE')).toBe('CONSENT_LANGUAGE_MEDIATION')
    expect(consentKindFor('IMMIGRATION_OFFICE')).toBe('CONSENT_AUTHORITY')
    expect(consentKindFor('HOUSING')).toBe('CONSENT_COUNSELLING')
    expect(consentKindFor(null)).toBe('CONSENT_COUNSELLING')
  })
})
