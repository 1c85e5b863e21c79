import { parseDay } from '#app/domain/follow-up.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { isLanguageCode } from '#app/utils/iso.server.ts'

export type InquiryInput = {
  date: string
  mode: string
  languageCode?: string
  interpreting: string
  topicIds: number[]
  durationMinutes: number
}

/** Quick entry: in the reception centre inquiries come in series, usually by the same route and language. */
export async function lastInquiryDefaults(userId: string) {
  const last = await prisma.anonymousInquiry.findFirst({
    where: { userId },
    select: { mode: true, languageCode: true, interpreting: true },
    orderBy: { createdAt: 'desc' },
  })
  return {
    mode: last?.mode,
    languageCode: last?.languageCode ?? undefined,
    interpreting: last?.interpreting ?? 'NONE',
  }
}

/** What the schema cannot know: active topics and a real ISO 639-3 code. */
export async function checkInquiryReferences(input: InquiryInput) {
  const errors: Partial<Record<keyof InquiryInput, string[]>> = {}
  const topicIds = [...new Set(input.topicIds)]
  const found = await prisma.catalogueEntry.count({
    where: { id: { in: topicIds }, catalogue: 'TOPIC', active: true },
  })
  if (found !== topicIds.length) errors.topicIds = ['contacts:errors.topic']
  if (input.languageCode && !isLanguageCode(input.languageCode))
    errors.languageCode = ['contacts:errors.language']
  return errors
}

/**
 * An anonymous short inquiry, counted for the user's team. By design there is no case, no client
 * and no free text: the row can never identify anybody.
 */
export async function createInquiry({
  actor,
  input,
}: {
  actor: { id: string; teamId: string }
  input: InquiryInput
}) {
  return prisma.$transaction(async (tx) => {
    const inquiry = await tx.anonymousInquiry.create({
      data: {
        teamId: actor.teamId,
        userId: actor.id,
        date: parseDay(input.date)!,
        mode: input.mode,
        languageCode: input.languageCode ?? null,
        interpreting: input.interpreting,
        durationMinutes: input.durationMinutes,
        topics: { create: [...new Set(input.topicIds)].map((topicId) => ({ topicId })) },
      },
      select: { id: true },
    })
    await audit(
      {
        userId: actor.id,
        action: 'inquiry.create',
        entity: 'inquiry',
        entityId: inquiry.id,
        details: { topics: input.topicIds.length },
      },
      tx,
    )
    return inquiry
  })
}
