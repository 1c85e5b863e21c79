// Published second-factor secrets of the demo accounts (README, "Demo accounts"): demo mode enrols
// each demo account with its secret so the demo stays usable; `npm run demo:totp -- <email>` prints
// the current code. Public on purpose — never used outside demo mode (prisma/seed.ts).
/** The demo accounts' e-mail domain (prisma/seed.ts uses the same). */
export const DEMO_ACCOUNT_DOMAIN = 'demo.wegbegleiter.de'

export const DEMO_TOTP_SECRETS: Record<string, string> = {
  admin: 'WEGBEGLEITERDEMOADMINAAAAAAAAAAA',
  'leitung.eae': 'WEGBEGLEITERDEMOLEITUNGEAEAAAAAA',
  'beratung.eae': 'WEGBEGLEITERDEMOBERATUNGEAEAAAAA',
  'leitung.rostock': 'WEGBEGLEITERDEMOLEITUNGROSTOCKAA',
  'beratung.rostock': 'WEGBEGLEITERDEMOBERATUNGROSTOCKA',
  'beratung2.rostock': 'WEGBEGLEITERDEMOBERATUNG2ROSTOCK',
  'leitung.greifswald': 'WEGBEGLEITERDEMOLEITUNGGREIFSWAL',
  'beratung.greifswald': 'WEGBEGLEITERDEMOBERATUNGGREIFSWA',
}
