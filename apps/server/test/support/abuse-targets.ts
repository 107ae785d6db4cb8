import { randomBytes } from 'node:crypto';
import type request from 'supertest';
import type { CaaCaller, World } from './world';

/** One endpoint as a hostile client sees it: where it is, what it reads, how it authenticates. */
export interface AbuseTarget {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** The body fields the endpoint reads, for bodies that are almost right. */
  fields: string[];
  /** Headers with valid credentials for a request with this raw body (Caa signs the bytes). */
  credentials(rawBody: Buffer): Record<string, string>;
}

export interface AbuseFixtures {
  caller: CaaCaller;
  adminAuth: string;
  clientKey: string;
  /** A WeChat account already linked to an email account: no signup or link can succeed. */
  linkedUnionId: string;
  sessionToken: string;
}

export interface SendOptions {
  method?: string;
  body?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** Leave the valid credentials out. */
  anonymous?: boolean;
}

/**
 * Every endpoint the server mounts, with valid credentials, so hostile bodies reach each one's
 * validation and rules rather than stopping at authentication.
 */
export function abuseTargets(world: World, fixtures: AbuseFixtures): AbuseTarget[] {
  const none = () => ({});
  const caa = (method: string, path: string) => (raw: Buffer) => ({
    Authorization: world.caaHeader(fixtures.caller, method, path, raw.toString('utf8')),
  });
  const bearer = (auth: string) => () => ({ Authorization: auth });
  const account = () => ({
    Authorization: `Bearer ${fixtures.clientKey}`,
    'X-Union-Id': fixtures.linkedUnionId,
  });
  const admin = bearer(fixtures.adminAuth);
  return [
    {
      method: 'PUT',
      path: '/api/my/bind-weixin',
      fields: ['accessToken', 'openid', 'unionid', 'userId'],
      credentials: caa('PUT', '/api/my/bind-weixin'),
    },
    {
      method: 'GET',
      path: '/api/administrator/user/oauth-binding',
      fields: [],
      credentials: admin,
    },
    {
      method: 'POST',
      path: '/api/administrator/user/oauth-binding',
      fields: ['type', 'code', 'authCode', 'state'],
      credentials: admin,
    },
    {
      method: 'PUT',
      path: '/api/administrator/user/oauth-binding/DING_TALK',
      fields: ['state'],
      credentials: admin,
    },
    { method: 'GET', path: '/account/wx', fields: [], credentials: account },
    {
      method: 'POST',
      path: '/account/wx/signup',
      fields: ['email', 'password', 'sourceUrl'],
      credentials: account,
    },
    { method: 'POST', path: '/account/wx/link', fields: ['userId'], credentials: account },
    {
      method: 'POST',
      path: '/account/wx/unlink',
      fields: ['userId', 'anchor'],
      credentials: account,
    },
    {
      method: 'GET',
      path: `/account/verify-email/${randomBytes(32).toString('base64url')}`,
      fields: [],
      credentials: none,
    },
    {
      method: 'POST',
      path: '/accounts/wxa_authorize',
      fields: ['js_code', 'encrypted_data', 'iv', 'auth_app_id'],
      credentials: none,
    },
    {
      method: 'POST',
      path: '/accounts/send_verify_code',
      fields: ['auth_app_id', 'openid', 'session_token', 'mobile', 'challenge'],
      credentials: none,
    },
    {
      method: 'POST',
      path: '/accounts/wxa_bind_mobile',
      fields: ['auth_app_id', 'openid', 'session_token', 'mobile', 'verify_code', 'phone_code'],
      credentials: none,
    },
    {
      method: 'GET',
      path: '/accounts/me',
      fields: [],
      credentials: bearer(`Bearer ${fixtures.sessionToken}`),
    },
    { method: 'GET', path: '/healthz', fields: [], credentials: none },
    { method: 'GET', path: '/readyz', fields: [], credentials: none },
    { method: 'GET', path: '/metrics', fields: [], credentials: none },
    { method: 'GET', path: '/docs/openapi.yaml', fields: [], credentials: none },
  ];
}

/** Sends one hostile request: any method, raw bytes, any content type, extra headers. */
export function sendTo(world: World, target: AbuseTarget, options: SendOptions): request.Test {
  const method = (options.method ?? target.method).toLowerCase() as
    'get' | 'post' | 'put' | 'patch' | 'delete';
  const raw = options.body ?? Buffer.alloc(0);
  let test = world.http()[method](target.path);
  if (!options.anonymous) test = test.set(target.credentials(raw));
  if (options.headers) test = test.set(options.headers);
  if (options.body !== undefined) {
    test = test.set('Content-Type', options.contentType ?? 'application/json').send(raw);
  }
  return test;
}
