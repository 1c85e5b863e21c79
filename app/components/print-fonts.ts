// Self-hosted fonts for printed client texts (decision 026): every script a shipped language uses,
// served from our own origin by the build (CSP font-src 'self'), regular and bold. Only the print
// and template pages link them; the browser fetches a subset file only when a character needs it.
import notoSansArabic400 from '@fontsource/noto-sans-arabic/400.css'
import notoSansArabic700 from '@fontsource/noto-sans-arabic/700.css'
import notoSansEthiopic400 from '@fontsource/noto-sans-ethiopic/400.css'
import notoSansEthiopic700 from '@fontsource/noto-sans-ethiopic/700.css'
import notoSans400 from '@fontsource/noto-sans/400.css'
import notoSans700 from '@fontsource/noto-sans/700.css'

export const printFontLinks = [notoSans400, notoSans700, notoSansArabic400, notoSansArabic700, notoSansEthiopic400, notoSansEthiopic700].map(
  (href) => ({ rel: 'stylesheet', href }),
)
