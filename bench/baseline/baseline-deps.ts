import type Redis from 'ioredis';
import type { KeyObject } from 'node:crypto';
import type { Pool } from 'pg';

/** What every baseline handler works with: raw pg, raw ioredis, the upstream and the secrets. */
export interface BaselineDeps {
  pool: Pool;
  redis: Redis;
  wechatApiBase: string;
  miniprogramApp: { appId: string; secret: string };
  mobileAppId: string;
  /** JWT_SECRET as a key object, made once (as the server does). */
  jwtKey: KeyObject;
  dataKey: Buffer;
}

/** A request the baseline could not serve: answered with `status` and a one-line message. */
export class BaselineError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET an upstream JSON endpoint; a WeChat errcode is a failure, as it is for the server. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as T & { errcode?: number };
  if (typeof body.errcode === 'number' && body.errcode !== 0) {
    throw new BaselineError(502, `upstream errcode ${body.errcode}`);
  }
  return body;
}
