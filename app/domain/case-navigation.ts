// The tabs of a case file (/cases/<id>/…), one list for the case header. Each feature adds its
// sub-page here when the page exists. `path` is relative to /cases/<id>.
export type CaseTab = { path: string; labelKey: string }

export const CASE_TABS: CaseTab[] = [
  { path: '', labelKey: 'caseFile:tabs.timeline' },
  { path: 'contacts/new', labelKey: 'caseFile:tabs.newContact' },
  { path: 'plan', labelKey: 'caseFile:tabs.plan' },
  { path: 'edit', labelKey: 'caseFile:tabs.edit' },
]
