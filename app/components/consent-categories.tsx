import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'

export type ConsentChoice = { value: string; label: string; categories: readonly string[] }

function checkedCategories(form: HTMLFormElement, name: string) {
  return [...form.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${name}"]`)].filter((input) => input.checked).map((input) => input.value)
}

function uncoveredBy(consent: ConsentChoice | undefined, categories: readonly string[]) {
  return consent ? categories.filter((category) => !consent.categories.includes(category)) : []
}

/**
 * Keeps a form's data categories in step with the chosen release from confidentiality: choosing a
 * consent ticks its categories, choosing "anonymous" clears them, and the categories ticked that the
 * consent does not cover are named as the counsellor goes. Without JavaScript the server does the
 * same check on saving and names them in its answer.
 */
export function useConsentCategories({
  consents,
  initialConsentId,
  initialCategories,
  categoriesName = 'dataCategories',
  consentName = 'consentId',
  modeName = 'mode',
}: {
  consents: readonly ConsentChoice[]
  initialConsentId: string
  initialCategories: readonly string[]
  categoriesName?: string
  consentName?: string
  modeName?: string
}) {
  const find = (id: string) => consents.find((consent) => consent.value === id)
  const [uncovered, setUncovered] = useState(() => uncoveredBy(find(initialConsentId), initialCategories))
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget
    const target = event.target as HTMLInputElement | HTMLSelectElement
    const boxes = [...form.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${categoriesName}"]`)]
    if (target.name === consentName) {
      const consent = find(target.value)
      if (consent) for (const box of boxes) box.checked = consent.categories.includes(box.value)
    }
    if (target.name === modeName && target.value === 'anonymous') for (const box of boxes) box.checked = false
    const consentField = form.elements.namedItem(consentName) as HTMLSelectElement | null
    setUncovered(uncoveredBy(find(consentField?.value ?? ''), checkedCategories(form, categoriesName)))
  }
  return { onChange, uncovered }
}

/** The categories ticked that the chosen consent does not cover, announced politely as they change. */
export function UncoveredCategories({ uncovered }: { uncovered: readonly string[] }) {
  const { t } = useTranslation('referrals')
  return (
    <p className={uncovered.length ? 'alert alert-warning' : 'visually-hidden'} aria-live="polite">
      {uncovered.length ? t('referral.uncovered', { categories: uncovered.map((code) => t(`codes:dataCategory.${code}`)).join(', ') }) : null}
    </p>
  )
}
