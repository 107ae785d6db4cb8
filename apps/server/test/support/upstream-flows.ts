import type { Endpoint } from '@wechat-bind/wechat-sandbox';
import request from 'supertest';
import type { World } from './world';

/**
 * Every request of the server that calls WeChat or DingTalk, as a client would make it from
 * scratch (new user, new codes), with what it would have written had it succeeded. The fault
 * suite runs each against a sandbox told to be slow, down or wrong.
 */
export interface UpstreamFlow {
  name: string;
  provider: 'wechat' | 'dingtalk';
  /** The upstream endpoints the request calls, in order. */
  endpoints: Endpoint[];
  /** What the client gets when the provider cannot be used. */
  unavailable: unknown;
  /** Makes a new user and whatever the client holds before the request (codes, a state). */
  prepare(world: World): Promise<Prepared>;
}

export interface Prepared {
  /** Sends the request to `url`: the world's server, or another app on the same store. */
  send(url?: string): Promise<request.Response>;
  /** Rows the request would have written (identity, binding, audit); 0 means nothing. */
  written(): Promise<number>;
}

export interface Attempt {
  response: request.Response;
  written(): Promise<number>;
}

/** Prepares and sends at once. */
export async function attempt(flow: UpstreamFlow, world: World, url?: string): Promise<Attempt> {
  const prepared = await flow.prepare(world);
  return { response: await prepared.send(url), written: prepared.written };
}

/** The sandbox's non-interactive consent: what the provider's redirect would carry. */
async function approve(authorizeUrl: string, user: string) {
  const url = new URL(authorizeUrl);
  url.pathname = `${url.pathname}/authorize`;
  url.searchParams.set('user', user);
  url.hash = '';
  const answer = await fetch(url, { redirect: 'manual' });
  const params = new URL(answer.headers.get('location')!).searchParams;
  return { code: (params.get('code') ?? params.get('authCode'))!, state: params.get('state')! };
}

async function startedBinding(world: World, type: 'WECHAT' | 'DING_TALK', user: string) {
  const admin = await world.admin();
  const started = await world
    .http()
    .put(`/api/administrator/user/oauth-binding/${type}`)
    .set('Authorization', admin.auth)
    .send({ state: false });
  if (started.status !== 200) throw new Error(`PUT ${type} answered ${started.status}`);
  return { admin, ...(await approve(started.body.data, user)) };
}

/** The user's external accounts and audit rows: what a bind writes. */
const bindingWritten = (world: World, userId: string) => async () =>
  (await world.context.models.ExternalAccount.count({ where: { userId } })) +
  (await world.context.models.AuditEvent.count({ where: { subjectId: userId } }));

export const upstreamFlows: UpstreamFlow[] = [
  {
    name: 'POST /accounts/wxa_authorize',
    provider: 'wechat',
    endpoints: ['/sns/jscode2session'],
    unavailable: {
      status: { code: 502, message: '微信服务暂时不可用，请稍后重试' },
      success: false,
    },
    async prepare(world) {
      const user = await world.newWechatUser();
      const appid = world.apps.mini.appId;
      const { js_code } = await world.control.mintJsCode({ appid, user: user.unionid });
      const { encrypted_data, iv } = await world.control.mintEncryptedData({
        appid,
        user: user.unionid,
      });
      return {
        send: (url = world.url) =>
          request(url)
            .post('/accounts/wxa_authorize')
            .send({ js_code, encrypted_data, iv, auth_app_id: appid }),
        written: () =>
          world.context.models.ExternalAccount.count({
            where: { provider: 'wechat', accountKey: user.unionid },
          }),
      };
    },
  },
  {
    name: 'PUT /api/my/bind-weixin',
    provider: 'wechat',
    endpoints: ['/sns/auth', '/sns/userinfo'],
    unavailable: { message: 'weixin service unavailable' },
    async prepare(world) {
      const caller = await world.caaCaller();
      const person = await world.newWechatUser();
      const token = await world.control.mintUserAccessToken({
        appid: world.apps.mobile.appId,
        user: person.unionid,
      });
      const body = JSON.stringify({
        accessToken: token.access_token,
        openid: token.openid,
        unionid: person.unionid,
        userId: caller.userId,
      });
      return {
        send: (url = world.url) =>
          request(url)
            .put('/api/my/bind-weixin')
            .set('Authorization', world.caaHeader(caller, 'PUT', '/api/my/bind-weixin', body))
            .set('Content-Type', 'application/json')
            .send(body),
        written: bindingWritten(world, caller.userId),
      };
    },
  },
  {
    name: 'POST /api/administrator/user/oauth-binding (WECHAT)',
    provider: 'wechat',
    endpoints: ['/sns/oauth2/access_token', '/sns/userinfo'],
    unavailable: { code: 502, msg: '微信服务暂不可用，请稍后重试' },
    async prepare(world) {
      const person = await world.newWechatUser();
      const { admin, code, state } = await startedBinding(world, 'WECHAT', person.unionid);
      return {
        send: (url = world.url) =>
          request(url)
            .post('/api/administrator/user/oauth-binding')
            .set('Authorization', admin.auth)
            .send({ type: 'WECHAT', code, state }),
        written: bindingWritten(world, admin.userId),
      };
    },
  },
  {
    name: 'POST /api/administrator/user/oauth-binding (DING_TALK)',
    provider: 'dingtalk',
    endpoints: ['/v1.0/oauth2/userAccessToken', '/v1.0/contact/users/me'],
    unavailable: { code: 502, msg: '钉钉服务暂不可用，请稍后重试' },
    async prepare(world) {
      const person = await world.control.registerDingtalkUser({ nick: 'dt-user' });
      const { admin, code, state } = await startedBinding(world, 'DING_TALK', person.unionId);
      return {
        send: (url = world.url) =>
          request(url)
            .post('/api/administrator/user/oauth-binding')
            .set('Authorization', admin.auth)
            .send({ type: 'DING_TALK', code, state }),
        written: bindingWritten(world, admin.userId),
      };
    },
  },
  {
    name: 'POST /accounts/wxa_bind_mobile (phone_code)',
    provider: 'wechat',
    endpoints: ['/wxa/business/getuserphonenumber'],
    unavailable: {
      status: { code: 502, message: '微信服务暂时不可用，请稍后重试' },
      success: false,
    },
    async prepare(world) {
      const { wechatUser, openid, sessionToken } = await world.miniProgramUser();
      const { code } = await world.control.mintPhoneCode({
        appid: world.apps.mini.appId,
        user: wechatUser.unionid,
      });
      return {
        send: (url = world.url) =>
          request(url).post('/accounts/wxa_bind_mobile').send({
            auth_app_id: world.apps.mini.appId,
            openid,
            session_token: sessionToken,
            phone_code: code,
          }),
        written: () =>
          world.context.models.User.count({ where: { mobile: wechatUser.phone ?? '' } }),
      };
    },
  },
];
