import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { addToBlockList } from './ip-ranges';

export interface MetricsAccessSettings {
  /** `Authorization: Bearer <token>` lets a scraper in (METRICS_TOKEN). */
  token?: string;
  /** Client addresses and CIDR ranges let in without a token (METRICS_ALLOW_IPS). */
  allowIps: string[];
  production: boolean;
}

/**
 * `allowed`; `unauthorized` (401: a token is configured and was not presented); `forbidden` (403:
 * only addresses are configured, and this is not one); `disabled` (404: production with neither
 * setting, so the endpoint does not exist for the public).
 */
export type MetricsVerdict = 'allowed' | 'unauthorized' | 'forbidden' | 'disabled';

export type MetricsAccess = (request: {
  ip: string;
  authorization: string | undefined;
}) => MetricsVerdict;

const LOOPBACK = ['127.0.0.0/8', '::1'];

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Who may read /metrics. It shows traffic, error rates and upstream health, which is nobody's
 * business outside the operators: with METRICS_TOKEN and/or METRICS_ALLOW_IPS set, a request needs
 * the token or an allowed address (either suffices); with neither, only loopback may read it, and
 * in production it is switched off. The address is Koa's `ctx.ip`, so X-Forwarded-For counts only
 * with TRUST_PROXY; the token is compared in constant time.
 */
export function createMetricsAccess({
  token,
  allowIps,
  production,
}: MetricsAccessSettings): MetricsAccess {
  const configured = token !== undefined || allowIps.length > 0;
  const allowed = new net.BlockList();
  for (const entry of configured ? allowIps : LOOPBACK) addToBlockList(allowed, entry);
  const expected = token === undefined ? undefined : digest(token);

  const addressAllowed = (ip: string) => {
    const family = net.isIP(ip);
    return family !== 0 && allowed.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  };
  const tokenPresented = (authorization: string | undefined) => {
    const presented = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1];
    // Digests have one length, so timingSafeEqual compares them without leaking the token's.
    return (
      expected !== undefined &&
      presented !== undefined &&
      timingSafeEqual(digest(presented), expected)
    );
  };

  return ({ ip, authorization }) => {
    if (!configured && production) return 'disabled';
    if (tokenPresented(authorization) || addressAllowed(ip)) return 'allowed';
    return token !== undefined ? 'unauthorized' : 'forbidden';
  };
}
