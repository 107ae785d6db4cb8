import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import Joi from 'joi';
import { UpstreamError } from '../http/upstream-error';
import { createWechatApi } from './wechat-api';

const APP = { appid: 'wx-api-test-app', secret: 'wx-api-test-secret' };
const tokenCall = {
  path: '/cgi-bin/token',
  query: { grant_type: 'client_credential', appid: APP.appid, secret: APP.secret },
  schema: Joi.object<{ access_token: string; expires_in: number }>({
    access_token: Joi.string().required(),
    expires_in: Joi.number().required(),
  }),
};

describe('createWechatApi, against the sandbox', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { wechat: [APP] } });
    control = createSandboxControl(sandbox.url);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control.clearFaults();
    await control.resetCalls();
  });

  const api = () => createWechatApi({ baseUrl: sandbox.url, timeoutMs: 500 });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as UpstreamError,
    );

  it('answers the documented shape', async () => {
    const reply = await api()(tokenCall);
    expect(reply.expires_in).toBe(7200);
    expect(reply.access_token.length).toBeGreaterThan(10);
  });

  it('retries once when WeChat is busy (-1), and succeeds', async () => {
    await control.addFault({ endpoint: '/cgi-bin/token', kind: 'errcode', errcode: -1 });
    await expect(api()(tokenCall)).resolves.toMatchObject({ expires_in: 7200 });
    expect((await control.getCalls()).calls['/cgi-bin/token']).toBe(2);
  });

  it('gives up after the one retry', async () => {
    await control.addFault({ endpoint: '/cgi-bin/token', kind: 'errcode', errcode: -1, times: 2 });
    const error = await failure(api()(tokenCall));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: 'api_error', code: -1, service: 'wechat' });
    expect((await control.getCalls()).calls['/cgi-bin/token']).toBe(2);
  });

  it('reports an errcode without retrying', async () => {
    const error = await failure(
      api()({ ...tokenCall, query: { ...tokenCall.query, secret: 'wrong' } }),
    );
    expect(error).toMatchObject({ failure: 'api_error', code: 40125, endpoint: '/cgi-bin/token' });
    expect(error.message).not.toContain('wrong');
    expect((await control.getCalls()).calls['/cgi-bin/token']).toBe(1);
  });

  it('reports garbage and bare HTTP errors as bad responses', async () => {
    await control.addFault({ endpoint: '/cgi-bin/token', kind: 'garbage' });
    expect(await failure(api()(tokenCall))).toMatchObject({ failure: 'bad_response' });
    await control.addFault({ endpoint: '/cgi-bin/token', kind: 'http-status', status: 502 });
    expect(await failure(api()(tokenCall))).toMatchObject({
      failure: 'bad_response',
      httpStatus: 502,
    });
  });

  it('reports a reply of the wrong shape as a bad response', async () => {
    const strict = {
      ...tokenCall,
      schema: Joi.object({ something_else: Joi.string().required() }),
    };
    expect(await failure(api()(strict))).toMatchObject({ failure: 'bad_response' });
  });

  it('gives up on a slow answer at the deadline', async () => {
    await control.addFault({ endpoint: '/cgi-bin/token', kind: 'delay', delayMs: 2_000 });
    const started = Date.now();
    expect(await failure(api()(tokenCall))).toMatchObject({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reports an unreachable host as a network failure', async () => {
    const unreachable = createWechatApi({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
    expect(await failure(unreachable(tokenCall))).toMatchObject({ failure: 'network' });
  });
});
