import { describe, expect, test } from 'vitest'
import { consentValues, printedDate, privacyValues, WRITE_IN } from './consent-document.ts'
import { fillTemplate, parseTemplate, placeholdersIn, plainText, templateProblems } from './template-markup.ts'

const organisation = { organisation: 'Träger e. V.', organisationContact: 'Hauptstraße 1, Schwerin', dpoContact: 'dsb@example.org', office: 'Beratungsstelle Rostock' }

describe('parseTemplate', () => {
  test('paragraphs, headings, lists and emphasis become blocks', () => {
    expect(parseTemplate('# Titel\n\nEin **fetter** und *kursiver*\nSatz.\n\n- eins\n- zwei\n\n1. erstens')).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Titel' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Ein ' },
          { type: 'strong', children: [{ type: 'text', text: 'fetter' }] },
          { type: 'text', text: ' und ' },
          { type: 'em', children: [{ type: 'text', text: 'kursiver' }] },
          { type: 'text', text: ' Satz.' },
        ],
      },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'eins' }], [{ type: 'text', text: 'zwei' }]] },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'erstens' }]] },
    ])
  })

  test('HTML, links, images and code stay visible text', () => {
    const source = '<script>alert(1)</script> <b>fett</b> [Link](https://example.org) ![Bild](x.png) `code`\n\n    eingerückt'
    const text = plainText(parseTemplate(source))
    expect(text).toContain('<script>alert(1)</script>')
    expect(text).toContain('<b>fett</b>')
    expect(text).toContain('[Link](https://example.org)')
    expect(text).toContain('![Bild](x.png)')
    expect(text).toContain('`code`')
    expect(text).toContain('eingerückt')
  })

  test('placeholders are found in text, emphasis and list items', () => {
    const blocks = parseTemplate('An {{ recipient }}.\n\n- **{{purpose}}**\n- {{withdrawal}} und {{recipient}}')
    expect(placeholdersIn(blocks)).toEqual(['recipient', 'purpose', 'withdrawal'])
  })
})

describe('templateProblems', () => {
  const consent = 'An {{recipient}} für {{purpose}}. Widerruf: {{withdrawal}}.'
  test('a complete consent template has none', () => {
    expect(templateProblems('CONSENT_AUTHORITY', consent)).toEqual([])
  })
  test('an unknown placeholder, one the kind may not use, and a missing required one', () => {
    expect(templateProblems('CONSENT_AUTHORITY', 'An {{recipient}} für {{zweck}}, {{retentionYears}} Jahre.')).toEqual([
      { problem: 'unknownPlaceholder', name: 'zweck' },
      { problem: 'notAllowedPlaceholder', name: 'retentionYears' },
      { problem: 'missingPlaceholder', name: 'purpose' },
      { problem: 'missingPlaceholder', name: 'withdrawal' },
    ])
  })
  test('unclosed braces and empty texts are refused', () => {
    expect(templateProblems('CONSENT_AUTHORITY', `${consent} {{recipient`)).toEqual([{ problem: 'unclosedPlaceholder' }])
    expect(templateProblems('PRIVACY', '  \n ')).toEqual([{ problem: 'empty' }])
    expect(templateProblems('PRIVACY', 'Kein Träger genannt.')).toEqual([{ problem: 'missingPlaceholder', name: 'organisation' }])
  })
})

describe('filling placeholders', () => {
  test('values are inserted as isolated text, also when they look like markup', () => {
    const blocks = fillTemplate(parseTemplate('Zweck: **{{purpose}}**'), { purpose: '<i>*Termin*</i> am 3.4.' })
    expect(blocks).toEqual([
      {
        type: 'paragraph',
        children: [{ type: 'text', text: 'Zweck: ' }, { type: 'strong', children: [{ type: 'value', text: '<i>*Termin*</i> am 3.4.' }] }],
      },
    ])
  })

  test('a consent in Arabic: categories and validity in Arabic, partner name and date as they are', () => {
    const values = consentValues('arb', 'CONSENT_PSYCHOSOCIAL', organisation, {
      recipientPartnerName: 'PSZ Greifswald',
      recipientKindLabel: null,
      purpose: 'Erstgespräch',
      dataCategories: ['IDENTITY', 'HEALTH'],
      validUntil: new Date('2027-03-31T12:00:00Z'),
    })
    expect(values.recipient).toBe('PSZ Greifswald')
    expect(values.categories).toBe('الهوية (الاسم، تاريخ الميلاد)، الصحة')
    expect(values.validity).toBe('حتى 31.03.2027')
    expect(values.withdrawal).toBe('Beratungsstelle Rostock, Hauptstraße 1, Schwerin')
  })

  test('a consent for a kind of recipient names the kind generically and in German; no end date means until withdrawn', () => {
    const facts = { recipientPartnerName: null, recipientKindLabel: 'Jobcenter / Arbeitsagentur', purpose: 'x', dataCategories: [], validUntil: null } as const
    expect(consentValues('tur', 'CONSENT_AUTHORITY', organisation, facts).recipient).toBe('bir resmî kurum (Jobcenter / Arbeitsagentur)')
    expect(consentValues('deu', 'CONSENT_AUTHORITY', organisation, facts).recipient).toBe('Jobcenter / Arbeitsagentur')
    expect(consentValues('tir', 'CONSENT_AUTHORITY', organisation, facts).validity).toBe('ነቲ ፍቓድ ክሳብ እትስሕብዎ')
  })

  test('missing organisation details print as a line to write in', () => {
    const values = privacyValues({ organisation: '', organisationContact: ' ', dpoContact: '', office: 'EAE' }, 3)
    expect(values).toEqual({ organisation: WRITE_IN, organisationContact: WRITE_IN, dpoContact: WRITE_IN, office: 'EAE', retentionYears: '3' })
  })

  test('printed dates are calendar dates in Germany, never shifted', () => {
    expect(printedDate(new Date('2026-12-31T23:30:00Z'))).toBe('01.01.2027')
    expect(printedDate('2026-06-30T12:00:00.000Z')).toBe('30.06.2026')
  })
})
