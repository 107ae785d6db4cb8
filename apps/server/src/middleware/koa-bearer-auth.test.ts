import Koa from 'koa';
import request from 'supertest';
import { RequestError } from '../errors/request-error';
import {
  issuePersonalAccessToken,
  revokePersonalAccessToken,
} from '../libraries/personal-access-tokens';
import { createUser } from '../libraries/users';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import { koaBearerAuth } from './koa-bearer-auth';
import { koaErrorHandler } from './koa-error-handler';

const DAY = 24 * 60 * 60 * 1000;

describe('koaBearerAuth', () => {
  let context: TestContext;
  let app: Koa;
  beforeAll(async () => {
    context = await createTestContext();
    app = new Koa();
    app.silent = true;
    app.use(koaErrorHandler(context.logger));
    app.use(
      koaBearerAuth(
        context.models,
        () => new RequestError({ code: 'unauthenticated', status: 401, message: 'nope' }),
      ),
    );
    app.use((ctx) => {
      ctx.body = ctx.state.personalAccessToken;
    });
  });
  afterAll(() => context.close());

  const issue = async (options: { ttlDays?: number; now?: Date } = {}) => {
    const user = await createUser(context.models, {});
    const issued = await issuePersonalAccessToken(context.models, {
      userId: user.id,
      name: 'test',
      ...options,
    });
    return { userId: user.id, ...issued };
  };
  const call = (authorization?: string) => {
    const pending = request(app.callback()).get('/anything');
    return authorization === undefined ? pending : pending.set('Authorization', authorization);
  };
  const expectRefused = async (authorization?: string) => {
    const response = await call(authorization);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toEqual({ error: { code: 'unauthenticated', message: 'nope' } });
  };

  it('lets a valid token through as its user and token id, and records the use', async () => {
    const token = await issue();
    const response = await call(`Bearer ${token.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: token.userId, tokenId: token.id });
    const row = await context.models.PersonalAccessToken.findByPk(token.id);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('takes the scheme in any case', async () => {
    const token = await issue();
    expect((await call(`bearer ${token.token}`)).status).toBe(200);
    expect((await call(`BEARER ${token.token}`)).status).toBe(200);
  });

  it('refuses a missing header, another scheme, and malformed values', async () => {
    const token = await issue();
    await expectRefused();
    await expectRefused('');
    await expectRefused('Bearer');
    await expectRefused('Bearer ');
    await expectRefused(token.token);
    await expectRefused(`Basic ${Buffer.from(token.token).toString('base64')}`);
    await expectRefused(`Token ${token.token}`);
    await expectRefused(`Bearer ${token.token} extra`);
    await expectRefused(`Bearer ${token.token.replace('|', ':')}`);
    await expectRefused(`Bearer ${token.id}`);
  });

  it('refuses unknown tokens and wrong secrets', async () => {
    const token = await issue();
    const [id, secret] = token.token.split('|') as [string, string];
    await expectRefused(`Bearer 999999999999|${secret}`);
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    await expectRefused(`Bearer ${id}|${flipped}`);
  });

  it('refuses revoked and expired tokens', async () => {
    const revoked = await issue();
    await revokePersonalAccessToken(context.models, revoked.id);
    await expectRefused(`Bearer ${revoked.token}`);

    const expired = await issue({ ttlDays: 1, now: new Date(Date.now() - 2 * DAY) });
    await expectRefused(`Bearer ${expired.token}`);
  });
});
