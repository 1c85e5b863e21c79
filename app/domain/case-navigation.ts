// The tabs of a case file (/cases/<id>/…), one list for the case header. Each feature adds its
// sub-page here when the page exists. `path` is relative to /cases/<id>.
// `requires` hides a tab from viewers who may not use the page (e.g. read-only substitution
// access); the page's own guard still decides.
import { type CaseAction } from './access-policy.ts'

export type CaseTabGroup = 'file' | 'actions' | 'privacy'
export type CaseTab = { path: string; labelKey: string; group: CaseTabGroup; requires?: CaseAction }

// Grouped by how often they are used (decision 035): the file's daily pages first, then the
// actions that change the case as a whole, then the data-protection pages. On a narrow screen the
// second and third group fold away behind their names.
export const CASE_TAB_GROUPS: { group: CaseTabGroup; labelKey: string; collapsible: boolean }[] = [
  { group: 'file', labelKey: 'caseFile:tabGroups.file', collapsible: false },
  { group: 'actions', labelKey: 'caseFile:tabGroups.actions', collapsible: true },
  { group: 'privacy', labelKey: 'caseFile:tabGroups.privacy', collapsible: true },
]

export const CASE_TABS: CaseTab[] = [
  { path: '', labelKey: 'caseFile:tabs.timeline', group: 'file' },
  { path: 'contacts/new', labelKey: 'caseFile:tabs.newContact', group: 'file', requires: 'write' },
  { path: 'follow-ups', labelKey: 'contacts:followUps.tab', group: 'file' },
  { path: 'plan', labelKey: 'caseFile:tabs.plan', group: 'file' },
  { path: 'mediation', labelKey: 'referrals:mediation.tab', group: 'file' },
  { path: 'referrals', labelKey: 'referrals:tabs.referrals', group: 'file' },
  { path: 'documents', labelKey: 'documents:tab', group: 'file' },
  { path: 'residence', labelKey: 'caseFile:tabs.residence', group: 'file' },
  { path: 'person', labelKey: 'clients:tabs.person', group: 'file' },
  { path: 'status', labelKey: 'caseFile:tabs.status', group: 'actions' },
  { path: 'edit', labelKey: 'caseFile:tabs.edit', group: 'actions', requires: 'write' },
  { path: 'assign', labelKey: 'team:assign.title', group: 'actions', requires: 'assign' },
  { path: 'transfer', labelKey: 'referrals:transfer.tab', group: 'actions', requires: 'transfer' },
  { path: 'consents', labelKey: 'referrals:tabs.consents', group: 'privacy' },
  { path: 'identity', labelKey: 'privacy:identity.tab', group: 'privacy' },
  { path: 'subject-access', labelKey: 'privacy:subject.tab', group: 'privacy', requires: 'reveal-identity' },
  { path: 'erasure', labelKey: 'privacy:erasure.tab', group: 'privacy' },
]

/** The tab a case-file address belongs to: the longest tab path that starts the rest of the path. */
export function currentCaseTab(tabs: readonly CaseTab[], caseId: string, pathname: string): CaseTab | undefined {
  const base = `/cases/${caseId}`
  if (!pathname.startsWith(base)) return undefined
  const rest = pathname.slice(base.length).replace(/^\/+|\/+$/g, '')
  let best: CaseTab | undefined
  for (const tab of tabs) {
    const matches = tab.path === '' ? rest === '' : rest === tab.path || rest.startsWith(`${tab.path}/`)
    if (matches && (!best || tab.path.length > best.path.length)) best = tab
  }
  return best
}
