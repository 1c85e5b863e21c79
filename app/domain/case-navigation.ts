// The tabs of a case file (/cases/<id>/…), one list for the case header. Each feature adds its
// sub-page here when the page exists. `path` is relative to /cases/<id>.
// `requires` hides a tab from viewers who may not use the page (e.g. read-only substitution
// access); the page's own guard still decides.
import { type CaseAction } from './access-policy.ts'

export type CaseTab = { path: string; labelKey: string; requires?: CaseAction }

export const CASE_TABS: CaseTab[] = [
  { path: '', labelKey: 'caseFile:tabs.timeline' },
  { path: 'contacts/new', labelKey: 'caseFile:tabs.newContact', requires: 'write' },
  { path: 'follow-ups', labelKey: 'contacts:followUps.tab' },
  { path: 'plan', labelKey: 'caseFile:tabs.plan' },
  { path: 'mediation', labelKey: 'referrals:mediation.tab' },
  { path: 'referrals', labelKey: 'referrals:tabs.referrals' },
  { path: 'consents', labelKey: 'referrals:tabs.consents' },
  { path: 'documents', labelKey: 'documents:tab' },
  { path: 'status', labelKey: 'caseFile:tabs.status' },
  { path: 'residence', labelKey: 'caseFile:tabs.residence' },
  { path: 'person', labelKey: 'clients:tabs.person' },
  { path: 'edit', labelKey: 'caseFile:tabs.edit', requires: 'write' },
  { path: 'assign', labelKey: 'team:assign.title', requires: 'assign' },
  { path: 'transfer', labelKey: 'referrals:transfer.tab', requires: 'transfer' },
  { path: 'identity', labelKey: 'privacy:identity.tab' },
  { path: 'subject-access', labelKey: 'privacy:subject.tab', requires: 'reveal-identity' },
  { path: 'erasure', labelKey: 'privacy:erasure.tab' },
]
