// QR codes for the enrolment of an authenticator app, drawn on the server as SVG (qrcode) and sent as
// a data URI for an <img>: the CSP allows `img-src data:`, and no inline style or script is needed.
// qrcode is imported at the first enrolment, not with the server: one rarely used page needs it, and
// once loaded it holds ≈ 0.8 MB of the server's heap for the process's life (docs/performance.md,
// "Peak memory: where it is reached and the main isolate", session 22).
export async function qrCodeDataUri(text: string) {
  const qrcode = await import('qrcode')
  const svg = await qrcode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`
}
