import type { Context } from 'koa';
import type { AuditContext } from '../../libraries/oauth-binding';

/** The user koaBearerAuth authenticated; the routes are only reachable through it. */
export function authenticatedUser(ctx: Pick<Context, 'state'>): string {
  const auth = ctx.state.personalAccessToken;
  if (!auth) throw new Error('administrator route reached without koaBearerAuth');
  return auth.userId;
}

/**
 * Who made the change for the audit row: the token (its id, never the secret), the client's IP
 * as Koa sees it (X-Forwarded-For only counts with TRUST_PROXY) and its user agent.
 */
export function auditContextOf(ctx: Pick<Context, 'state' | 'ip' | 'get'>): AuditContext {
  return {
    actor: { type: 'personal_access_token', id: ctx.state.personalAccessToken?.tokenId },
    ip: ctx.ip,
    userAgent: ctx.get('user-agent') || undefined,
  };
}
