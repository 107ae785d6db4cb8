import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEmailUser,
  createMembership,
  createWechatAccount,
} from '../../../test/support/account-test-data';
import { createClientAppKey } from '../../libraries/client-app-keys';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * The original `/account/wx` server's Android client, as it speaks: OkHttp's headers, a JSON body,
 * and success only on 204. Sent with node:http against a listening server, so nothing is added to
 * or taken from what the client sends, and the reply is read byte for byte.
 */
async function withServer<T>(context: TestContext, run: (port: number) => Promise<T>): Promise<T> {
  const server = http.createServer(context.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await run((server.address() as AddressInfo).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function legacyPost(
  port: number,
  path: string,
  { unionId, body, clientKey }: { unionId: string; body: string; clientKey?: string },
): Promise<RawReply> {
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Union-Id': unionId,
    'Accept-Encoding': 'gzip',
    'User-Agent': 'okhttp/3.12.1',
    Connection: 'close',
  };
  if (clientKey) headers.Authorization = `Bearer ${clientKey}`;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function expectNoContent(reply: RawReply) {
  expect(reply.status).toBe(204);
  expect(reply.body).toBe('');
  expect(reply.headers['content-type']).toBeUndefined();
  expect(reply.headers['content-length']).toBeUndefined();
  expect(reply.headers['transfer-encoding']).toBeUndefined();
}

function expectRefusal(reply: RawReply, field: string, code: string) {
  expect(reply.status).toBe(422);
  expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = `{"message":"Validation Failed","error":{"field":"${field}","code":"${code}"}}`;
  expect(reply.body).toBe(body);
  expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(body)));
}

describe('the legacy /account/wx client, byte for byte', () => {
  let context: TestContext;
  let clientKey: string;
  beforeAll(async () => {
    context = await createTestContext();
    ({ key: clientKey } = await createClientAppKey(context.models, {
      name: unique('legacy-backend'),
      kind: 'server',
    }));
  });
  afterAll(() => context.close());
  const models = () => context.models;

  it('link answers 204 with no body, and again 204 for a pair already linked', async () => {
    const user = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    const body = JSON.stringify({ userId: user.id });
    await withServer(context, async (port) => {
      const send = () =>
        legacyPost(port, '/account/wx/link', { unionId: wechat.accountKey, body, clientKey });
      expectNoContent(await send());
      expectNoContent(await send());
    });
    expect((await wechat.reload()).userId).toBe(user.id);
  });

  it('link refusals: link_already_taken (either side) and both_valid, in the 422 shape', async () => {
    const user = await createEmailUser(models());
    const linked = await createWechatAccount(models());
    await linked.update({ userId: user.id, boundAt: new Date() });
    const other = await createWechatAccount(models());
    const otherUser = await createEmailUser(models());
    const bothLive = {
      user: await createEmailUser(models()),
      wechat: await createWechatAccount(models()),
    };
    await createMembership(models(), { userId: bothLive.user.id });
    await createMembership(models(), { unionId: bothLive.wechat.accountKey });

    await withServer(context, async (port) => {
      // The email account is linked to another WeChat account.
      const emailTaken = await legacyPost(port, '/account/wx/link', {
        unionId: other.accountKey,
        body: JSON.stringify({ userId: user.id }),
        clientKey,
      });
      expectRefusal(emailTaken, 'account', 'link_already_taken');
      // This WeChat account is linked to another email account.
      const wechatTaken = await legacyPost(port, '/account/wx/link', {
        unionId: linked.accountKey,
        body: JSON.stringify({ userId: otherUser.id }),
        clientKey,
      });
      expectRefusal(wechatTaken, 'account', 'link_already_taken');
      // Both sides hold a valid membership.
      const both = await legacyPost(port, '/account/wx/link', {
        unionId: bothLive.wechat.accountKey,
        body: JSON.stringify({ userId: bothLive.user.id }),
        clientKey,
      });
      expectRefusal(both, 'membership', 'both_valid');
    });
    expect((await other.reload()).userId).toBeNull();
    expect((await bothLive.wechat.reload()).userId).toBeNull();
  });

  it('unlink answers 204 with no body', async () => {
    const user = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    await wechat.update({ userId: user.id, boundAt: new Date() });
    await withServer(context, async (port) => {
      const reply = await legacyPost(port, '/account/wx/unlink', {
        unionId: wechat.accountKey,
        body: JSON.stringify({ userId: user.id, anchor: 'ftc' }),
        clientKey,
      });
      expectNoContent(reply);
    });
    expect((await wechat.reload()).userId).toBeNull();
  });
});

describe('the legacy gateway: X-Union-Id alone from ACCOUNT_WX_TRUSTED_PROXIES', () => {
  it('by default, X-Union-Id alone is refused (401), even from loopback', async () => {
    const context = await createTestContext();
    try {
      const user = await createEmailUser(context.models);
      const wechat = await createWechatAccount(context.models);
      const reply = await withServer(context, (port) =>
        legacyPost(port, '/account/wx/link', {
          unionId: wechat.accountKey,
          body: JSON.stringify({ userId: user.id }),
        }),
      );
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer realm="account"');
      expect(reply.body).toBe('{"message":"Requires authentication"}');
      expect((await wechat.reload()).userId).toBeNull();
    } finally {
      await context.close();
    }
  });

  it("from a trusted network, X-Union-Id alone links (204), audited as the gateway's", async () => {
    const context = await createTestContext({
      config: { ACCOUNT_WX_TRUSTED_PROXIES: '127.0.0.0/8,::1' },
    });
    try {
      const user = await createEmailUser(context.models);
      const wechat = await createWechatAccount(context.models);
      const reply = await withServer(context, (port) =>
        legacyPost(port, '/account/wx/link', {
          unionId: wechat.accountKey,
          body: JSON.stringify({ userId: user.id }),
        }),
      );
      expectNoContent(reply);
      expect((await wechat.reload()).userId).toBe(user.id);
      const audit = await context.models.AuditEvent.findOne({
        where: { subjectId: user.id, action: 'account.link' },
      });
      expect(audit).toMatchObject({ actorType: 'system', actorId: 'gateway 127.0.0.1' });
    } finally {
      await context.close();
    }
  });

  it('believes the socket address only: X-Forwarded-For from a trusted network does not count', async () => {
    const context = await createTestContext({
      config: { ACCOUNT_WX_TRUSTED_PROXIES: '10.0.0.0/8', TRUST_PROXY: '1' },
    });
    try {
      const wechat = await createWechatAccount(context.models);
      const reply = await withServer(
        context,
        (port) =>
          new Promise<RawReply>((resolve, reject) => {
            const request = http.request(
              {
                host: '127.0.0.1',
                port,
                method: 'GET',
                path: '/account/wx',
                headers: { 'X-Union-Id': wechat.accountKey, 'X-Forwarded-For': '10.1.2.3' },
              },
              (response) => {
                let body = '';
                response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
                response.on('end', () =>
                  resolve({ status: response.statusCode!, headers: response.headers, body }),
                );
              },
            );
            request.on('error', reject);
            request.end();
          }),
      );
      expect(reply.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('a key presented from a trusted network is still checked: a wrong one is 401', async () => {
    const context = await createTestContext({
      config: { ACCOUNT_WX_TRUSTED_PROXIES: '127.0.0.1' },
    });
    try {
      const user = await createEmailUser(context.models);
      const wechat = await createWechatAccount(context.models);
      const reply = await withServer(context, (port) =>
        legacyPost(port, '/account/wx/link', {
          unionId: wechat.accountKey,
          body: JSON.stringify({ userId: user.id }),
          clientKey: 'wbk_not-a-real-key',
        }),
      );
      expect(reply.status).toBe(401);
      expect((await wechat.reload()).userId).toBeNull();
    } finally {
      await context.close();
    }
  });
});
