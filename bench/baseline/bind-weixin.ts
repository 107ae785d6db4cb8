import { createHmac } from 'node:crypto';
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

/**
 * PUT /api/my/bind-weixin, re-binding an account already bound to the caller: the address's
 * failure count, the key row, the
 * sealed secret opened, the HMAC checked in constant time, the replay memory (SET NX), the
 * last-used update, the user read, the attempt count, WeChat's two checks, and the server's
 * transaction (user lock, account lock, profile update if it changed, openid lock, audit row).
 */
export async function bindWeixin(
  deps: BaselineDeps,
  request: { authorization: string; target: string; raw: string; ip: string; userAgent: string },
): Promise<unknown> {
  // The server first reads the address's count of failed authentications (one MULTI: GET, PTTL).
  const [[, failures]] = (await deps.redis
    .multi()
    .get(`caa:failures:${request.ip}`)
    .pttl(`caa:failures:${request.ip}`)
    .exec()) as [[null, string | null], [null, number]];
  if (Number(failures ?? 0) >= 60) throw new BaselineError(429, 'too many requests');
  const decoded = Buffer.from(request.authorization.replace(/^Caa /, ''), 'base64').toString(
    'utf8',
  );
  const match = /^([^:]+):(\S+) (\d+)$/.exec(decoded);
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
    await client.query('BEGIN');
    user = (await client.query('SELECT * FROM users WHERE id = $1 FOR UPDATE', [body.userId]))
      .rows[0];
    const account = (
      await client.query(
        `SELECT * FROM external_accounts WHERE user_id = $1 AND provider = 'wechat' LIMIT 1 FOR UPDATE`,
        [body.userId],
      )
    ).rows[0];
    if (!account || account.account_key !== info.unionid) {
      throw new BaselineError(500, 'the benchmark re-binds bound accounts only');
    }
    const profile = {
      nickname: info.nickname,
      avatar: info.headimgurl,
      gender: genderOf(info.sex),
    };
    if (
      account.nickname !== profile.nickname ||
      account.avatar !== profile.avatar ||
      account.gender !== profile.gender
    ) {
      await client.query(
        'UPDATE external_accounts SET nickname = $1, avatar = $2, gender = $3, updated_at = $4 WHERE id = $5',
        [profile.nickname, profile.avatar, profile.gender, new Date(), account.id],
      );
    }
    const openid = (
      await client.query(
        `SELECT * FROM external_openids
          WHERE provider = 'wechat' AND app_id = $1 AND open_id = $2 LIMIT 1 FOR UPDATE`,
        [deps.mobileAppId, info.openid],
      )
    ).rows[0];
    if (openid?.external_account_id !== account.id) {
      throw new BaselineError(500, 'the benchmark re-binds bound accounts only');
    }
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
          alreadyBound: true,
        }),
        new Date(),
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
