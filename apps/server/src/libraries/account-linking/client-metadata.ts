/**
 * Who asked, as the audit rows record it: the trusted client app that presented its key, and the
 * connection's IP and user agent (never a forwarded header unless TRUST_PROXY says the proxy in
 * front is ours; Koa's `ctx.ip` already applies that rule).
 */
export interface ClientMetadata {
  clientAppId: string;
  ip?: string;
  userAgent?: string;
}

export const auditActorOf = (client: ClientMetadata) => ({
  actor: { type: 'client_app' as const, id: client.clientAppId },
  ip: client.ip,
  userAgent: client.userAgent,
});
