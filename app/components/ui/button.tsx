import { useNavigation } from '@remix-run/react'
import { type ButtonHTMLAttributes } from 'react'

type Variant = 'primary' | 'secondary' | 'danger' | 'link'

export function Button({ variant = 'primary', className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type="submit" {...props} className={['button', `button-${variant}`, className].filter(Boolean).join(' ')} />
}

/** A submit button that says it is busy while its form is submitting (and stays a plain button without JS). */
export function SubmitButton({ intent, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; intent?: string }) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && (intent === undefined || navigation.formData?.get('intent') === intent)
  return (
    <Button name={intent ? 'intent' : undefined} value={intent} aria-disabled={busy || undefined} {...props}>
      {children}
    </Button>
  )
}
