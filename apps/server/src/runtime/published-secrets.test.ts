import jwt from 'jsonwebtoken';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { uniqueMobile } from '../../test/support/test-data';
import type { AccountsKit } from '../../test/support/mini-program-kit';
import { startAccountsKit } from '../../test/support/mini-program-kit';
import { withInstallationSecrets } from './installation-secrets';

/** The JWT_SECRET the zero-setup server used to fall back to, as printed for everyone to read. */
const PUBLISHED_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';

/**
 * A zero-setup server (no JWT_SECRET, no DATA_KEY) reached over the network: a session token
 * re-signed with the formerly published development secret must not be accepted, because the
 * installation now runs on secrets of its own.
 */
describe('a zero-setup server and the published development secret', () => {
  let root: string;
  let kit: AccountsKit;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-published-'));
    // The secrets exactly as `npm start` with no settings resolves them.
    const zeroSetup = withInstallationSecrets(
      loadConfig({ PGLITE_DATA_DIR: path.join(root, 'pglite') }),
    );
    kit = await startAccountsKit({
      JWT_SECRET: zeroSetup.jwtSecret,
      DATA_KEY: zeroSetup.dataKey.toString('base64'),
    });
  });
  afterAll(async () => {
    await kit?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses a session token forged with it, and accepts the genuine one', async () => {
    const signedIn = await kit.signIn(await kit.newWechatUser());
    const bound = await kit.bindWithSms(signedIn.openid, uniqueMobile());
    expect(bound.status).toBe(200);
    const genuine = String(bound.body.data.token);

    // Every claim of the genuine token, signed again by someone who only read the docs.
    const claims = jwt.decode(genuine) as jwt.JwtPayload;
    const forged = jwt.sign(claims, PUBLISHED_JWT_SECRET, { algorithm: 'HS256' });

    const refused = await kit.http.get('/accounts/me').set('authorization', `Bearer ${forged}`);
    expect(refused.status).toBe(401);
    expect(refused.body.success).toBe(false);
    const accepted = await kit.http.get('/accounts/me').set('authorization', `Bearer ${genuine}`);
    expect(accepted.status).toBe(200);
  });
});
