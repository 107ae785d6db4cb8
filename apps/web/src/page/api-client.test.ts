import { createApiClient } from './api-client';
import { ApiError, parseRetryAfter } from './api-error';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records what the client sends and answers with the given replies in turn. */
function fakeFetch(...replies: Array<Response | Error>) {
  const sent: Sent[] = [];
  const credentialsSent: Array<RequestCredentials | undefined> = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    });
    credentialsSent.push(init.credentials);
    const reply = replies.shift();
    if (!reply) throw new Error('no reply left');
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch: fetch as typeof globalThis.fetch, sent, credentialsSent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

const token = `7|${'b'.repeat(40)}`;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('createApiClient', () => {
  it('signed in by session: sends the cookie to this origin and the CSRF token with every change', async () => {
    const csrfToken = 'c'.repeat(64);
    const session = {
      user: { id: 'u', name: null, mobile: '138****0000' },
      signedInWith: 'sms',
      csrfToken,
    };
    const { fetch, sent, credentialsSent } = fakeFetch(
      json(200, { code: 200, data: { expiresIn: 300, resendAfter: 60 }, msg: 'success' }),
      json(200, { code: 200, data: session, msg: 'success' }),
      json(200, { code: 200, data: [], msg: 'success' }),
      json(200, { code: 200, data: '操作成功', msg: 'success' }),
      json(200, { code: 200, data: '操作成功', msg: 'success' }),
    );
    const api = createApiClient({ fetch, token: () => undefined });
    await api.sendCode('13800000000');
    await api.signIn({ mobile: '13800000000', code: '123456' });
    await api.listBindings();
    await api.unbind('WECHAT');
    await api.signOut();
    expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'POST /api/administrator/session/sms-code',
      'POST /api/administrator/session',
      'GET /api/administrator/user/oauth-binding',
      'PUT /api/administrator/user/oauth-binding/WECHAT',
      'DELETE /api/administrator/session',
    ]);
    expect(credentialsSent.every((credentials) => credentials === 'same-origin')).toBe(true);
    expect(sent.map(({ headers }) => headers['X-CSRF-Token'])).toEqual([
      undefined,
      undefined,
      undefined,
      csrfToken,
      csrfToken,
    ]);
    expect(sent.every(({ headers }) => headers.Authorization === undefined)).toBe(true);
  });

  it('sends the token only in the Authorization header, and JSON bodies to the documented paths', async () => {
    const { fetch, sent } = fakeFetch(
      json(200, { code: 200, data: [], msg: 'success' }),
      json(200, {
        code: 200,
        data: 'https://open.weixin.qq.com/connect/qrconnect?x',
        msg: 'success',
      }),
      json(200, { code: 200, data: '操作成功', msg: 'success' }),
      json(200, { code: 200, data: '绑定成功', msg: 'success' }),
    );
    const api = createApiClient({ fetch, token: () => token });
    await expect(api.listBindings()).resolves.toEqual([]);
    await expect(api.startBinding('WECHAT')).resolves.toMatch(/^https:\/\/open\.weixin/);
    await api.unbind('DING_TALK');
    await api.completeBinding({ type: 'DING_TALK', authCode: 'ac', state: 's' });

    expect(sent.map(({ method, url, body }) => [method, url, body])).toEqual([
      ['GET', '/api/administrator/user/oauth-binding', undefined],
      ['PUT', '/api/administrator/user/oauth-binding/WECHAT', { state: false }],
      ['PUT', '/api/administrator/user/oauth-binding/DING_TALK', { state: true }],
      [
        'POST',
        '/api/administrator/user/oauth-binding',
        { type: 'DING_TALK', authCode: 'ac', state: 's' },
      ],
    ]);
    for (const request of sent) {
      expect(request.headers.Authorization).toBe(`Bearer ${token}`);
      expect(request.url).not.toContain(token.split('|')[1]);
    }
    expect(sent[0]!.headers['Content-Type']).toBeUndefined();
    expect(sent[1]!.headers['Content-Type']).toBe('application/json');
  });

  it('sends no Authorization header when signed out', async () => {
    const { fetch, sent } = fakeFetch(json(401, { code: 401, msg: '请求未认证' }));
    const api = createApiClient({ fetch, token: () => undefined });
    expect(await failure(api.listBindings())).toMatchObject({ kind: 'http', status: 401 });
    expect(sent[0]!.headers.Authorization).toBeUndefined();
  });

  it('turns an error envelope into an ApiError with the message, the fields and Retry-After', async () => {
    const { fetch } = fakeFetch(
      json(429, { code: 429, msg: '操作过于频繁，请稍后再试' }, { 'Retry-After': '42' }),
      json(403, { code: 403, data: { state: ['state 不能为空。'] }, msg: '请求数据验证失败!' }),
    );
    const api = createApiClient({ fetch, token: () => token });
    expect(await failure(api.startBinding('WECHAT'))).toMatchObject({
      kind: 'http',
      status: 429,
      msg: '操作过于频繁，请稍后再试',
      retryAfterSeconds: 42,
    });
    expect(
      await failure(api.completeBinding({ type: 'WECHAT', code: 'c', state: '' })),
    ).toMatchObject({
      status: 403,
      fields: { state: ['state 不能为空。'] },
    });
  });

  it('tells no answer from an answer that is not the API`s envelope', async () => {
    const { fetch } = fakeFetch(
      new TypeError('Failed to fetch'),
      new Response('<html>Bad Gateway</html>', {
        status: 502,
        headers: { 'Content-Type': 'text/html' },
      }),
      json(200, { hello: 'world' }),
      // A success whose data is not what the endpoint promises.
      json(200, { code: 200, data: { url: 'x' }, msg: 'success' }),
    );
    const api = createApiClient({ fetch, token: () => token });
    expect(await failure(api.listBindings())).toMatchObject({ kind: 'network' });
    expect(await failure(api.listBindings())).toMatchObject({ kind: 'unexpected', status: 502 });
    expect(await failure(api.listBindings())).toMatchObject({ kind: 'unexpected', status: 200 });
    expect(await failure(api.startBinding('WECHAT'))).toMatchObject({ kind: 'unexpected' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and nothing else', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(' 5 ')).toBe(5);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});
