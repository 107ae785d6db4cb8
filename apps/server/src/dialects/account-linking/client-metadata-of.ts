import type { Context } from 'koa';
import type { ClientMetadata } from '../../libraries/account-linking/client-metadata';

const MAX_USER_AGENT_LENGTH = 512;

/**
 * The audit's view of a request: the authenticated client app (or the trusted gateway's socket
 * address), the connection's IP (`ctx.ip`, which believes X-Forwarded-For only when TRUST_PROXY
 * says so) and the user agent.
 */
export function clientMetadataOf(ctx: Context): ClientMetadata {
  const userAgent = ctx.get('user-agent').slice(0, MAX_USER_AGENT_LENGTH);
  return {
    clientAppId: ctx.state.clientAppId,
    gateway: ctx.state.accountCallerTrust === 'gateway' ? ctx.req.socket.remoteAddress : undefined,
    ip: ctx.ip || undefined,
    userAgent: userAgent || undefined,
  };
}
