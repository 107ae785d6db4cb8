/**
 * Where a signup's verification link may point. 04 lets the client name the page (`sourceUrl`),
 * but a link to any site would mail a stranger's address a live token on the sender's page, and
 * following it verifies the sender's account. So `sourceUrl` counts only when its origin is one
 * of VERIFY_EMAIL_ORIGINS (default: PUBLIC_URL's origin); any other is ignored, the server's own
 * link is used, and the caller is told so it can be logged.
 */
export interface VerificationSource {
  /** The `sourceUrl` to use, or undefined for the server's own verification endpoint. */
  sourceUrl?: string;
  /** The origin of a `sourceUrl` that was ignored. */
  ignoredOrigin?: string;
}

export function verificationSource(
  sourceUrl: string | undefined,
  allowedOrigins: readonly string[],
): VerificationSource {
  if (sourceUrl === undefined) return {};
  let origin: string;
  try {
    origin = new URL(sourceUrl).origin;
  } catch {
    return { ignoredOrigin: 'unparseable' };
  }
  return allowedOrigins.includes(origin) ? { sourceUrl } : { ignoredOrigin: origin };
}
