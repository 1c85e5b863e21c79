/**
 * The address of "Sprachmittlung anfragen" from another page of the case (the contact form, which writes the
 * link itself so that its group of fields can be written as one string, decision 233): opens the request
 * page, which returns to `returnTo` with `?mediationId=<new id>` so the new record can be linked.
 * `returnTo` must be a page of the same case; anything else is ignored by the request page.
 */
export function mediationRequestHref(caseId: string, returnTo: string) {
  return `/cases/${caseId}/mediation/new?${new URLSearchParams({ returnTo })}`
}
