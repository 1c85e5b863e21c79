import { Link as RemixLink, type LinkProps } from '@remix-run/react'

// Remix's <Link> on the server (issue 19, session 24; decision 170): for each link it resolves its
// path against the route (`useHref`), sets up its prefetch behaviour (state, a ref, an effect and five
// handlers) and its click handler — ≈ 50–80 kB of garbage per page for the ≈ 10–25 links outside the
// pre-built lists and the case tabs, none of which changes the markup of an absolute path. The
// server writes that markup itself; the browser hydrates Remix's <Link> over it, so prefetching,
// client-side navigation, modifier clicks and the history are Remix's own. Without JavaScript the
// anchor is the same ordinary link.

/**
 * A path whose `href` Remix would write differently from `to` (`useHref` → `resolvePath`,
 * `createPath`): a `//` or a `.`/`..` segment in the path, an empty search (`?`) or an empty hash (`#`).
 * Such a link (none in the app today) is left to Remix's <Link>.
 */
export const RESOLVED_DIFFERENTLY = /^[^?#]*(?:\/\/|\/\.\.?(?:[/?#]|$)|\?(?:#|$))|^[^#]*#$/

/**
 * What Remix's <Link> renders on the server for an absolute path of the app with no prefetch or
 * prefetch on intent: its props, `data-discover`, `href` and `target`, in that order, without the
 * router's props and the handlers (which write nothing), in a fragment with the same two children
 * (the anchor and the absent prefetch links), so that ids from `useId` below stay the same. Any
 * other link is Remix's.
 */
export function ServerLink(props: LinkProps) {
  const {
    to,
    prefetch,
    discover,
    reloadDocument,
    replace: _replace,
    state: _state,
    preventScrollReset: _preventScrollReset,
    relative: _relative,
    viewTransition: _viewTransition,
    onClick: _onClick,
    target,
    children,
    ...rest
  } = props
  if (
    typeof to !== 'string' ||
    to.charCodeAt(0) !== 47 /* / */ ||
    RESOLVED_DIFFERENTLY.test(to) ||
    (prefetch !== undefined && prefetch !== 'none' && prefetch !== 'intent') ||
    (discover !== undefined && discover !== 'render') ||
    reloadDocument
  )
    return <RemixLink {...props} />
  return (
    <>
      <a {...rest} data-discover="true" href={to} target={target}>
        {children}
      </a>
      {null}
    </>
  )
}

/** Remix's <Link>; on the server its markup written directly where that is the same (above). */
export const Link: typeof RemixLink =
  typeof document === 'undefined' ? (ServerLink as unknown as typeof RemixLink) : RemixLink
