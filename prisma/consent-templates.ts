// The consent and privacy-information texts the project ships (prisma/consent-templates/*.md,
// decision 025), and how they reach the database: on the first start every text becomes version 1;
// on an upgrade a changed shipped text becomes a new version — unless an administrator has edited
// that template since, in which case their text stays current and nothing is overwritten.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  SHIPPED_REVIEWED_LANGUAGES,
  TEMPLATE_KINDS,
  TEMPLATE_LANGUAGES,
  type TemplateKind,
  type TemplateLanguage,
} from '#app/domain/consent-templates.ts'
import { prisma } from '#app/utils/db.server.ts'

const FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'consent-templates')

/** When the shipped German and English texts were last reviewed, and by whom (shown as reviewer). */
export const SHIPPED_REVIEW = { at: new Date('2026-12-04T12:00:00Z'), by: 'Wegbegleiter-Projekt (mitgeliefert)' }

export const KIND_FILE: Record<TemplateKind, string> = {
  PRIVACY: 'privacy',
  CONSENT_PSYCHOSOCIAL: 'consent-psychosocial',
  CONSENT_LANGUAGE_MEDIATION: 'consent-language-mediation',
  CONSENT_AUTHORITY: 'consent-authority',
  CONSENT_COUNSELLING: 'consent-counselling',
}

export type ShippedText = {
  kind: TemplateKind
  language: TemplateLanguage
  body: string
  summary: string | null
  hash: string
}

export function shippedTexts(): ShippedText[] {
  const texts: ShippedText[] = []
  for (const kind of TEMPLATE_KINDS) {
    for (const language of TEMPLATE_LANGUAGES) {
      const body = fs.readFileSync(path.join(FOLDER, `${KIND_FILE[kind]}.${language}.md`), 'utf8')
      const summary =
        language === 'deu' ? fs.readFileSync(path.join(FOLDER, `${KIND_FILE[kind]}.summary.deu.md`), 'utf8') : null
      const hash = createHash('sha256').update(body).update('\0').update(summary ?? '').digest('hex')
      texts.push({ kind, language, body, summary, hash })
    }
  }
  return texts
}

export async function seedConsentTemplates(texts: ShippedText[] = shippedTexts()) {
  let added = 0
  for (const text of texts) {
    const reviewed = SHIPPED_REVIEWED_LANGUAGES.includes(text.language)
    await prisma.$transaction(async (tx) => {
      const template = await tx.consentTemplate.upsert({
        where: { kind_languageCode: { kind: text.kind, languageCode: text.language } },
        update: {},
        create: { kind: text.kind, languageCode: text.language },
        select: { id: true },
      })
      const versions = await tx.consentTemplateVersion.findMany({
        where: { templateId: template.id },
        select: { version: true, source: true, shippedHash: true },
        orderBy: { version: 'desc' },
      })
      const latest = versions[0]
      if (versions.some((version) => version.shippedHash === text.hash)) return
      if (latest && latest.source !== 'SHIPPED') return
      await tx.consentTemplateVersion.create({
        data: {
          templateId: template.id,
          version: (latest?.version ?? 0) + 1,
          body: text.body,
          summary: text.summary,
          source: 'SHIPPED',
          shippedHash: text.hash,
          reviewedAt: reviewed ? SHIPPED_REVIEW.at : null,
          reviewedByName: reviewed ? SHIPPED_REVIEW.by : null,
        },
      })
      added += 1
    })
  }
  return added
}
