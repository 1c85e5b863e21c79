import QRCode from 'qrcode'
import { expect, test } from 'vitest'
import { qrCodeDataUri } from './qr-code.server.ts'

test('the enrolment QR code is the SVG qrcode draws for the text, as a data URI (the library loaded at the first call)', async () => {
  const text = 'otpauth://totp/Wegbegleiter:berater%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Wegbegleiter'
  const [first, second] = await Promise.all([qrCodeDataUri(text), qrCodeDataUri(text)])
  const expected = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  expect(first).toBe(`data:image/svg+xml;base64,${Buffer.from(expected, 'utf8').toString('base64')}`)
  expect(second).toBe(first)
  expect(Buffer.from(first.slice(first.indexOf(',') + 1), 'base64').toString('utf8')).toMatch(
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
  )
  expect(await qrCodeDataUri('other')).not.toBe(first)
})
