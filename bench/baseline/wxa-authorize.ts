import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import type { BaselineDeps } from './baseline-deps';
import { BaselineError, getJson } from './baseline-deps';
import { decryptWechatData, sha256Hex } from './crypto';

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

interface Profile {
  nickName: string;
  avatarUrl: string;
  gender: number;
  watermark: { appid: string };
}

const storedGender = (gender: number) =>
  gender === 1 ? 'male' : gender === 2 ? 'female' : 'secret';

/**
 * POST /accounts/wxa_authorize for a returning user: the server's Redis steps around
 * code2session (result, lock, result, code2session, result, unlock), the decryption, the same
 * transaction (openid lookup, profile update, account read), the session in Redis with the hash
 * of a new session_token, the user read and the JWT. No validation library, no sealing, no
 * logging.
 */
export async function wxaAuthorize(deps: BaselineDeps, raw: string): Promise<unknown> {
  const body = JSON.parse(raw) as Record<string, string>;
  const app = deps.miniprogramApp;
  if (body.auth_app_id !== app.appId) throw new BaselineError(400, 'unknown app');

  // The server's key names: the result and the lock share a hash tag (one Redis Cluster slot).
  const base = `wxa:js-code:{${sha256Hex(`${app.appId}\0${body.js_code}`)}}`;
  const fingerprint = sha256Hex(`${body.encrypted_data}\0${body.iv}`);
  await deps.redis.get(`${base}:result`);
  const owner = randomBytes(16).toString('hex');
  if ((await deps.redis.set(`${base}:lock`, owner, 'PX', 15_000, 'NX')) !== 'OK') {
    throw new BaselineError(409, 'js_code in use');
  }
  let session: { session_key: string; openid: string; unionid?: string };
  try {
    await deps.redis.get(`${base}:result`);
    const query = new URLSearchParams({
      appid: app.appId,
      secret: app.secret,
      js_code: body.js_code!,
      grant_type: 'authorization_code',
    });
    session = await getJson(`${deps.wechatApiBase}/sns/jscode2session?${query}`);
    await deps.redis.set(`${base}:result`, JSON.stringify({ fingerprint, session }), 'PX', 10_000);
  } finally {
    await deps.redis.eval(RELEASE_LOCK, 1, `${base}:lock`, owner);
  }

  const profile = decryptWechatData(session.session_key, body.encrypted_data!, body.iv!) as Profile;
  if (profile.watermark.appid !== app.appId) throw new BaselineError(400, 'watermark');
  const unionid = session.unionid ?? null;

  const client = await deps.pool.connect();
  let account: Record<string, string | null>;
  try {
    await client.query('BEGIN');
    const known = await client.query(
      `SELECT external_account_id FROM external_openids
        WHERE provider = 'wechat' AND app_id = $1 AND open_id = $2`,
      [app.appId, session.openid],
    );
    const accountId = known.rows[0]?.external_account_id as string | undefined;
    if (!accountId) throw new BaselineError(500, 'the benchmark signs in known users only');
    await client.query(
      `UPDATE external_accounts
          SET nickname = COALESCE(NULLIF($1, ''), nickname), avatar = COALESCE(NULLIF($2, ''), avatar),
              gender = $3, union_id = COALESCE(union_id, $4), updated_at = now()
        WHERE id = $5`,
      [profile.nickName, profile.avatarUrl, storedGender(profile.gender), unionid, accountId],
    );
    account = (await client.query('SELECT * FROM external_accounts WHERE id = $1', [accountId]))
      .rows[0];
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }

  const sessionToken = randomBytes(32).toString('base64url');
  await deps.redis.set(
    `wxa:session:${app.appId}:${session.openid}`,
    JSON.stringify({
      accountId: account.id,
      unionid,
      sessionKey: session.session_key,
      tokenHash: sha256Hex(sessionToken),
      createdAt: Date.now(),
    }),
    'EX',
    1800,
  );
  const identity = {
    openid: session.openid,
    unionid,
    nickname: account.nickname ?? '',
    avatar: account.avatar ?? '',
    gender: profile.gender,
  };
  const user = account.user_id
    ? (await deps.pool.query('SELECT * FROM users WHERE id = $1', [account.user_id])).rows[0]
    : undefined;
  if (!user?.mobile) {
    return {
      data: { ...identity, bound: false, is_bind: false, session_token: sessionToken },
      ...OK,
    };
  }
  const createdAt = Math.floor(Date.now() / 1000);
  const claims = {
    iat: createdAt,
    aid: app.appId,
    openid: session.openid,
    bat: new Date(account.bound_at!).getTime(),
  };
  const token = jwt.sign(claims, deps.jwtKey, {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: 2592000,
    issuer: 'wechat-bind',
    audience: 'wechat-bind:accounts',
  });
  return {
    data: {
      ...identity,
      bound: true,
      is_bind: true,
      session_token: sessionToken,
      avatar: user.avatar ?? account.avatar ?? '',
      created_at: createdAt,
      expiration: 2592000,
      mobile: user.mobile,
      token,
      uid: user.id,
      username: user.name ?? account.nickname ?? '',
    },
    ...OK,
  };
}

export const OK = { status: { code: 200, message: 'Ok all right.' }, success: true };
