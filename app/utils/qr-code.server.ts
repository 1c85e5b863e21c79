// QR codes for the enrolment of an authenticator app, drawn on the server as SVG (qrcode) and sent as
// a data URI for an <img>: the CSP allows `img-src data:`, and no inline style or script is needed.
import QRCode from 'qrcode'

export async function qrCodeDataUri(text: string) {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`
}
