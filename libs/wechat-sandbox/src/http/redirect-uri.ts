/**
 * Adds parameters to a client's redirect_uri the way WeChat and DingTalk do: after any query the
 * uri already has, and before its #fragment (a browser never sends the fragment to the server,
 * so parameters placed after it would be lost).
 */
export function withQuery(redirectUri: string, params: Record<string, string | undefined>): string {
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt === -1 ? redirectUri : redirectUri.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : redirectUri.slice(hashAt);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) query.append(name, value);
  }
  const encoded = query.toString();
  if (encoded === '') return redirectUri;
  const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${separator}${encoded}${fragment}`;
}
