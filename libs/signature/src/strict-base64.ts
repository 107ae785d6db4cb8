// Standard alphabet, groups of four, `=` padding only at the end and only as much as needed.
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard base64 only in its canonical form, or returns null.
 *
 * Buffer.from(text, 'base64') never fails: it skips spaces, accepts `-`/`_`, and guesses missing
 * padding. signature.md says "standard base64", so anything else is `400 invalid authorization`
 * rather than a header that happens to decode. (wechat-crypto has the same few lines; the two
 * packages stay independent rather than share a util package for them.)
 */
export function decodeStrictBase64(text: unknown): Buffer | null {
  if (typeof text !== 'string' || !CANONICAL_BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // The pattern still admits non-zero unused bits ("QR==" decodes like "QQ=="); re-encoding
  // must give back the exact input for the text to be the one canonical spelling of the bytes.
  return bytes.toString('base64') === text ? bytes : null;
}
