import { useLocation, useNavigate } from '@remix-run/react'
import { useCallback, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react'

// Long lists link every row, some every cell: /team's workload has five figures per person, its
// queue a code per case, the start page a case and a contact per follow-up — ≈ 230 links on /team,
// ≈ 150 on a busy counsellor's start page. Remix's <Link> runs two components and about twenty
// hooks per link (it resolves its path three times and subscribes to the navigation for its
// prefetching), ≈ 8 µs each on the server (decision 063). These lists' links are absolute paths,
// never prefetched and never "active": a plain anchor with one click handler per list gives the
// same markup and the same client-side navigation.

export type ListLinkClick = (event: MouseEvent<HTMLAnchorElement>) => void

/**
 * The click handler of a list's links: a plain left click navigates within the app as <Link> does
 * (replacing the history entry when the link is the current location); a click with a modifier
 * key, another mouse button or a target opens the link as the browser would. Without JavaScript
 * the anchors are ordinary links.
 */
export function useListLinkClick(options: { preventScrollReset?: boolean } = {}): ListLinkClick {
  const follow = useFollowInApp(options.preventScrollReset)
  return useCallback((event) => follow(event, event.currentTarget), [follow])
}

/**
 * The same for the anchors inside pre-built markup (a long table's rows, `Table`'s `body`): one
 * handler on the container, for the anchor the click landed in (clicks elsewhere, such as on a
 * checkbox, are left alone).
 */
export function useListClick(): (event: MouseEvent<HTMLElement>) => void {
  const follow = useFollowInApp()
  return useCallback(
    (event) => {
      const anchor = event.target instanceof Element ? event.target.closest('a') : null
      if (anchor && event.currentTarget.contains(anchor)) follow(event, anchor)
    },
    [follow],
  )
}

/** `preventScrollReset`: as <Link preventScrollReset> (the page keeps its scroll position, e.g. a table's sort links). */
function useFollowInApp(preventScrollReset?: boolean) {
  const navigate = useNavigate()
  const location = useLocation()
  const current = location.pathname + location.search + location.hash
  return useCallback(
    (event: MouseEvent<HTMLElement>, anchor: HTMLAnchorElement) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return
      if (anchor.target && anchor.target !== '_self') return
      const to = anchor.getAttribute('href')
      // only a path of this app: another origin (or a protocol-relative `//…`) is the browser's to follow
      if (!to || !to.startsWith('/') || to.startsWith('//')) return
      event.preventDefault()
      navigate(to, { replace: to === current, ...(preventScrollReset ? { preventScrollReset } : {}) })
    },
    [navigate, current, preventScrollReset],
  )
}

/**
 * A link in a long list: `to` is an absolute path within the app (starting with `/`; nothing is
 * resolved against the route), `onClick` the list's `useListLinkClick()`. Renders what <Link>
 * renders for such a path.
 */
export function ListLink({
  to,
  onClick,
  children,
  ...props
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'> & { to: `/${string}`; onClick: ListLinkClick; children: ReactNode }) {
  return (
    <a {...props} data-discover="true" href={to} onClick={onClick}>
      {children}
    </a>
  )
}
