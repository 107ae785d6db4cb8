// Standard alphabet, groups of four, `=` padding only at the end and only as much as needed.
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard base64 only in its canonical form, or returns null.
 *
 * Buffer.from(text, 'base64') never fails: it skips spaces, accepts `-`/`_`, and guesses missing
 * padding. That hides a classic bug — a `+` in encrypted_data turned into a space by URL decoding —
 * behind a confusing decrypt failure, so such input is refused before any crypto runs.
 */
export function decodeStrictBase64(text: unknown): Buffer | null {
  if (typeof text !== 'string' || !CANONICAL_BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // The pattern still admits non-zero unused bits ("QR==" decodes like "QQ=="); re-encoding
  // must give back the exact input for the text to be the one canonical spelling of the bytes.
  return bytes.toString('base64') === text ? bytes : null;
}
