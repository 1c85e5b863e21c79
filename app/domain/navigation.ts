import { type Role } from './codes.ts'

export type NavItem = { to: string; labelKey: string }

// What each role finds in the main navigation. The server guards decide access; this only avoids
// showing links that would answer "no access".
const byRole: Record<Role, NavItem[]> = {
  COUNSELLOR: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/cases', labelKey: 'nav.cases' },
    { to: '/cases/new', labelKey: 'nav.newCase' },
    { to: '/clients/check', labelKey: 'nav.duplicateCheck' },
    { to: '/cases/emergency', labelKey: 'nav.emergency' },
    { to: '/referrals', labelKey: 'nav.referrals' },
    { to: '/language-mediation', labelKey: 'nav.languageMediation' },
    { to: '/team/absences', labelKey: 'nav.absences' },
  ],
  TEAM_LEAD: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/team', labelKey: 'nav.team' },
    { to: '/cases', labelKey: 'nav.cases' },
    { to: '/cases/new', labelKey: 'nav.newCase' },
    { to: '/clients/check', labelKey: 'nav.duplicateCheck' },
    { to: '/referrals', labelKey: 'nav.referrals' },
    { to: '/language-mediation', labelKey: 'nav.languageMediation' },
    { to: '/statistics', labelKey: 'nav.statistics' },
  ],
  ADMIN: [
    { to: '/', labelKey: 'nav.home' },
    { to: '/admin/users', labelKey: 'nav.users' },
    { to: '/admin/teams', labelKey: 'nav.teams' },
    { to: '/admin/partners', labelKey: 'nav.partners' },
    { to: '/admin/audit', labelKey: 'nav.audit' },
    { to: '/admin/retention', labelKey: 'nav.retention' },
    { to: '/admin/catalogues', labelKey: 'nav.catalogues' },
    { to: '/admin/security', labelKey: 'nav.adminSecurity' },
    { to: '/admin/consent-templates', labelKey: 'nav.consentTemplates' },
    { to: '/statistics', labelKey: 'nav.statistics' },
  ],
}

// Everyone is told about changes to their own account; team leads also about their team.
const always: NavItem[] = [
  { to: '/privacy/notices', labelKey: 'nav.privacyNotices' },
  { to: '/settings/password', labelKey: 'nav.password' },
  { to: '/settings/security', labelKey: 'nav.security' },
]

/** Features register their entries here as they land (one list, one place). */
export function navigationFor(role: Role): NavItem[] {
  return [...byRole[role], ...always]
}
