/**
 * What the receipt's QR code carries and how the kiosk reads it back: the case number
 * itself, nothing around it. A number of digits is encoded in the QR code's numeric mode
 * (small, robust), and a scanner in keyboard mode types digits the same on any keyboard
 * layout, where a prefix such as `OW1:` would come out differently under another layout.
 * The clerk's search at the window reads the same scan.
 */
const CASE_NO = /^[0-9A-Z]{12,24}$/;

export function caseQrPayload(caseNo: string): string {
  return caseNo;
}

/**
 * The case number in what a scanner typed (the payload, sometimes with a stray line end
 * or spaces) or what a person typed on the keypad; null when it cannot be a case number.
 */
export function caseNoFromScan(text: string): string | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return CASE_NO.test(compact) ? compact : null;
}

/** The last four characters of an ID number: digits, the last one may be X. */
export function idLast4FromInput(text: string): string | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return /^\d{3}[\dX]$/.test(compact) ? compact : null;
}
