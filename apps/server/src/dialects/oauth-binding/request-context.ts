import type { Context } from 'koa';
import type { AuditContext } from '../../libraries/oauth-binding';

/**
 * The user koaBearerAuth or koaWebSessionAuth authenticated; the routes are only reachable
 * through one of them.
 */
export function authenticatedUser(ctx: Pick<Context, 'state'>): string {
  const userId = ctx.state.personalAccessToken?.userId ?? ctx.state.webSession?.userId;
  if (!userId) throw new Error('administrator route reached without authentication');
  return userId;
}

/**
 * Who made the change for the audit row: the token (its id, never the secret) or the user of
 * the web session, the client's IP as Koa sees it (X-Forwarded-For only counts with TRUST_PROXY)
 * and its user agent.
 */
export function auditContextOf(ctx: Pick<Context, 'state' | 'ip' | 'get'>): AuditContext {
  const { personalAccessToken, webSession } = ctx.state;
  return {
    actor:
      webSession && !personalAccessToken
        ? { type: 'user', id: webSession.userId }
        : { type: 'personal_access_token', id: personalAccessToken?.tokenId },
    ip: ctx.ip,
    userAgent: ctx.get('user-agent') || undefined,
  };
}
