import { createHmac, randomUUID } from 'node:crypto';
import type { BaselineDeps } from './baseline-deps';
import { BaselineError, getJson } from './baseline-deps';
import { openSealed, sameText } from './crypto';

const WINDOW_MS = 5 * 60_000;
const ACTION = 'client:my:bind-weixin';
/** rate-limiter-flexible's own script: one round trip counts an attempt and reads the window. */
const COUNT_ATTEMPT = `redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
return {consumed, ttl}`;

const genderOf = (sex: number) => (sex === 1 ? 'male' : sex === 2 ? 'female' : 'secret');
/** CAA_FAILURE_LIMIT: per address and apiKey, and per address over every key. */
const FAILURES_PER_KEY = 60;
const FAILURES_PER_ADDRESS = 600;

/** rate-limiter-flexible's read of a count: one MULTI of GET and PTTL. */
async function failures(deps: BaselineDeps, key: string): Promise<number> {
  const [[, count]] = (await deps.redis.multi().get(key).pttl(key).exec()) as [
    [null, string | null],
    [null, number],
  ];
  return Number(count ?? 0);
}

/**
 * PUT /api/my/bind-weixin, a user's first bind: the failure counts of the address with this
 * apiKey and of the address, the key row, the sealed secret opened, the HMAC checked in constant
 * time, the replay memory (SET NX), the last-used update (a new key has never been used), the
 * user read, the attempt count, WeChat's two checks, and the server's transaction (user lock, the
 * user's account and the unionid's account, both absent, the account inserted, the openid looked
 * up and inserted, the audit row).
 */
export async function bindWeixin(
  deps: BaselineDeps,
  request: { authorization: string; target: string; raw: string; ip: string; userAgent: string },
): Promise<unknown> {
  const decoded = Buffer.from(request.authorization.replace(/^Caa /, ''), 'base64').toString(
    'utf8',
  );
  const match = /^([^:]+):(\S+) (\d+)$/.exec(decoded);
  // The server reads both failure counts (in parallel) before it refuses even a malformed header.
  const [perKey, perAddress] = await Promise.all([
    failures(deps, `caa:failures:key:${request.ip}|${match?.[1] ?? ''}`),
    failures(deps, `caa:failures:address:${request.ip}`),
  ]);
  if (perKey >= FAILURES_PER_KEY || perAddress >= FAILURES_PER_ADDRESS) {
    throw new BaselineError(429, 'too many requests');
  }
  if (!match) throw new BaselineError(400, 'invalid authorization');
  const [, apiKey, signature, timestamp] = match as unknown as [string, string, string, string];
  const now = Date.now();
  const key = (
    await deps.pool.query(
      `SELECT * FROM api_keys WHERE key_id = $1 AND revoked_at IS NULL AND expires_at > $2 LIMIT 1`,
      [apiKey, new Date(now)],
    )
  ).rows[0];
  if (!key) throw new BaselineError(404, 'apiKey not found');
  const secret = openSealed(deps.dataKey, key.secret_ciphertext);
  if (Math.abs(now - Number(timestamp)) > WINDOW_MS)
    throw new BaselineError(400, 'invalid signature');
  const expected = createHmac('sha1', secret)
    .update(`PUT\n${request.target}\n${timestamp}\n${request.raw}`)
    .digest('base64');
  if (!sameText(expected, signature)) throw new BaselineError(400, 'invalid signature');
  const ttl = Number(timestamp) + WINDOW_MS - now + 1_000;
  if ((await deps.redis.set(`caa:replay:${apiKey}:${signature}`, '1', 'PX', ttl, 'NX')) === null) {
    throw new BaselineError(400, 'invalid signature');
  }
  if (!(key.actions as string[]).includes(ACTION))
    throw new BaselineError(403, 'permission denied');
  if (!key.last_used_at || key.last_used_at < new Date(now - 60_000))
    await deps.pool.query(
      `UPDATE api_keys SET last_used_at = $1
      WHERE key_id = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
      [new Date(now), apiKey, new Date(now - 60_000)],
    );

  const body = JSON.parse(request.raw) as Record<string, string>;
  const found = (await deps.pool.query('SELECT * FROM users WHERE id = $1', [body.userId])).rows[0];
  if (!found) throw new BaselineError(404, 'user not found');
  if (body.userId !== key.user_id) throw new BaselineError(403, 'permission denied');
  const [consumed] = (await deps.redis.eval(
    COUNT_ATTEMPT,
    1,
    `weixin-bind-attempts:${key.user_id}`,
    1,
    600,
  )) as [number, number];
  if (consumed > 10) throw new BaselineError(429, 'too many requests');

  const proof = `access_token=${encodeURIComponent(body.accessToken!)}&openid=${encodeURIComponent(body.openid!)}`;
  await getJson(`${deps.wechatApiBase}/sns/auth?${proof}`);
  const info = await getJson<{
    openid: string;
    unionid?: string;
    nickname: string;
    headimgurl: string;
    sex: number;
  }>(`${deps.wechatApiBase}/sns/userinfo?${proof}`);
  if (info.openid !== body.openid || info.unionid !== body.unionid) {
    throw new BaselineError(400, 'invalid weixin account');
  }

  const client = await deps.pool.connect();
  let user: Record<string, unknown>;
  try {
    await client.query('START TRANSACTION');
    user = (await client.query('SELECT * FROM users WHERE id = $1 FOR UPDATE', [body.userId]))
      .rows[0];
    const current = await client.query(
      `SELECT * FROM external_accounts WHERE provider = 'wechat' AND user_id = $1 LIMIT 1 FOR UPDATE`,
      [body.userId],
    );
    if (current.rows.length > 0) throw new BaselineError(403, 'user has related to weixin account');
    const existing = await client.query(
      `SELECT * FROM external_accounts WHERE provider = 'wechat' AND account_key = $1 LIMIT 1 FOR UPDATE`,
      [info.unionid],
    );
    if (existing.rows.length > 0) {
      throw new BaselineError(500, 'the benchmark binds WeChat users new to the server only');
    }
    const now = new Date();
    const account = (
      await client.query(
        `INSERT INTO external_accounts
           (id, provider, account_key, union_id, user_id, nickname, avatar, gender, bound_at,
            created_at, updated_at)
         VALUES ($1, 'wechat', $2, $2, $3, $4, $5, $6, $7, $7, $7)
         RETURNING *`,
        [
          randomUUID(),
          info.unionid,
          body.userId,
          info.nickname,
          info.headimgurl,
          genderOf(info.sex),
          now,
        ],
      )
    ).rows[0];
    const openid = await client.query(
      `SELECT * FROM external_openids WHERE provider = 'wechat' AND app_id = $1 AND open_id = $2 FOR UPDATE`,
      [deps.mobileAppId, info.openid],
    );
    if (openid.rows.length > 0) {
      throw new BaselineError(500, 'the benchmark binds WeChat users new to the server only');
    }
    await client.query(
      `INSERT INTO external_openids
         (provider, app_id, open_id, external_account_id, created_at, updated_at)
       VALUES ('wechat', $1, $2, $3, $4, $4)
       RETURNING *`,
      [deps.mobileAppId, info.openid, account.id, now],
    );
    await client.query(
      `INSERT INTO audit_events
         (action, actor_type, actor_id, subject_type, subject_id, ip, user_agent, details, created_at)
       VALUES ('wechat.bind', 'api_key', $1, 'user', $2, $3, $4, $5, $6)
       RETURNING *`,
      [
        apiKey,
        body.userId,
        request.ip,
        request.userAgent,
        JSON.stringify({
          provider: 'wechat',
          unionid: info.unionid,
          appId: deps.mobileAppId,
          openid: info.openid,
        }),
        now,
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  const createdAt = (user.created_at as Date).getTime();
  return {
    user: {
      _id: user.id,
      registerAt: createdAt,
      createAt: createdAt,
      thirdParty: { weixin: { unionid: info.unionid, openid: info.openid } },
      avatar: user.avatar ?? '',
      gender: user.gender,
      name: user.name ?? '',
    },
  };
}
