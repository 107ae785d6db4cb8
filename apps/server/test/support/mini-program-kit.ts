import type { RunningSandbox, SandboxControl, WechatUser } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { uniqueMobile } from './test-data';
import type { TestContext, TestContextOptions } from './test-context';
import { createTestContext, unique } from './test-context';

/**
 * Shared set-up of the /accounts end-to-end tests: the sandbox as WeChat, a loopback SMS webhook
 * that records what it is sent, the app listening on a loopback port, and the steps a
 * mini-program takes. Everything goes through the server's real HTTP clients.
 */

export interface SmsMessage {
  mobile: string;
  code: string;
  expiresIn: number;
}

/** A loopback SMS gateway: records each POSTed JSON body; `failNext` makes it answer 500. */
export interface SmsWebhook {
  url: string;
  received: SmsMessage[];
  /** Every body posted, including those answered 500. */
  attempted: SmsMessage[];
  failNext(times?: number): void;
  /** The latest code sent to `mobile`. */
  codeFor(mobile: string): string;
  close(): Promise<void>;
}

export async function startSmsWebhook(): Promise<SmsWebhook> {
  const received: SmsMessage[] = [];
  const attempted: SmsMessage[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      attempted.push(JSON.parse(text));
      if (failures > 0) {
        failures -= 1;
        res.writeHead(500).end('gateway down');
        return;
      }
      received.push(JSON.parse(text));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    attempted,
    failNext: (times = 1) => {
      failures = times;
    },
    codeFor(mobile) {
      const found = received.filter((message) => message.mobile === mobile).at(-1);
      if (!found) throw new Error(`no SMS was sent to ${mobile}`);
      return found.code;
    },
    close: () => closeServer(server),
  };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });

/** What a mini-program holds after wxa_authorize: the openid and the proof of its session. */
export interface SessionProof {
  openid: string;
  session_token: string;
}

export type SignedIn = Record<string, unknown> & SessionProof;

export interface AccountsKit {
  appId: string;
  context: TestContext;
  sandbox: RunningSandbox;
  control: SandboxControl;
  sms: SmsWebhook;
  http: ReturnType<typeof request>;
  /** A new WeChat user in the sandbox (with a phone WeChat knows, for getPhoneNumber). */
  newWechatUser(overrides?: {
    nickname?: string;
    phone?: string;
    risky?: boolean;
  }): Promise<WechatUser>;
  /** What the mini-program sends to wxa_authorize for `user`: a fresh js_code and profile. */
  authorizeBody(user: WechatUser): Promise<Record<string, string>>;
  /** wxa_authorize for `user`; resolves to the reply's `data`. */
  signIn(user: WechatUser): Promise<SignedIn>;
  /**
   * The openid with the session_token of its latest signIn through this kit: what the
   * mini-program sends with send_verify_code and wxa_bind_mobile.
   */
  proof(openid: string): SessionProof;
  /**
   * send_verify_code, then wxa_bind_mobile with the code the webhook received, both with the
   * proof of `who` (an openid signed in through this kit, or an explicit proof).
   */
  bindWithSms(who: string | SessionProof, mobile: string): Promise<request.Response>;
  close(): Promise<void>;
}

/**
 * Settings a test may override, env-style (SMS_RESEND_INTERVAL, VERIFY_CODE_TTL, ...), and a Redis
 * of the test's own (a Cluster or Sentinel setup) when it is about Redis.
 */
export async function startAccountsKit(
  config: Record<string, string> = {},
  { redisTopology }: Pick<TestContextOptions, 'redisTopology'> = {},
): Promise<AccountsKit> {
  const appId = `wx${unique('mini').replace(/-/g, '')}`;
  const secret = unique('secret');
  const sandbox = await startSandbox({ apps: { wechat: [{ appid: appId, secret }] } });
  const control = createSandboxControl(sandbox.url);
  const sms = await startSmsWebhook();
  const context = await createTestContext({
    config: {
      SMS_SENDER: 'http',
      SMS_WEBHOOK_URL: sms.url,
      // Every request of a test file comes from 127.0.0.1: per-IP limits get their own tests.
      SMS_HOURLY_LIMIT_PER_IP: '1000',
      WXA_BIND_HOURLY_LIMIT_PER_IP: '1000',
      ...config,
    },
    upstreams: { wechatApiBase: sandbox.url, miniprogramApps: [{ appId, secret }] },
    redisTopology,
  });
  const server = context.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const http = request(server);
  const sessionTokens = new Map<string, string>();

  const kit: AccountsKit = {
    appId,
    context,
    sandbox,
    control,
    sms,
    http,
    newWechatUser: (overrides = {}) =>
      control.registerWechatUser({
        nickname: unique('昵称'),
        avatar: `https://thirdwx.qlogo.cn/${unique('avatar')}/132`,
        gender: 2,
        phone: uniqueMobile(),
        ...overrides,
      }),
    async authorizeBody(user) {
      const { js_code } = await control.mintJsCode({ appid: appId, user: user.unionid });
      const { encrypted_data, iv } = await control.mintEncryptedData({
        appid: appId,
        user: user.unionid,
      });
      return { js_code, encrypted_data, iv, auth_app_id: appId };
    },
    async signIn(user) {
      const response = await http
        .post('/accounts/wxa_authorize')
        .send(await kit.authorizeBody(user));
      if (response.status !== 200) {
        throw new Error(
          `wxa_authorize answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      }
      sessionTokens.set(response.body.data.openid, response.body.data.session_token);
      return response.body.data;
    },
    proof(openid) {
      const sessionToken = sessionTokens.get(openid);
      if (!sessionToken) throw new Error(`${openid} did not sign in through this kit`);
      return { openid, session_token: sessionToken };
    },
    async bindWithSms(who, mobile) {
      const { openid, session_token } = typeof who === 'string' ? kit.proof(who) : who;
      const sent = await http
        .post('/accounts/send_verify_code')
        .send({ auth_app_id: appId, openid, session_token, mobile });
      if (sent.status !== 200) {
        throw new Error(`send_verify_code answered ${sent.status}: ${JSON.stringify(sent.body)}`);
      }
      return http.post('/accounts/wxa_bind_mobile').send({
        auth_app_id: appId,
        openid,
        session_token,
        mobile,
        verify_code: sms.codeFor(mobile),
      });
    },
    async close() {
      await closeServer(server);
      await context.close();
      await sms.close();
      await sandbox.close();
    },
  };
  return kit;
}

/** The failure envelope of /accounts/*, for `toEqual`. */
export const accountsFailure = (code: number, message: string) => ({
  status: { code, message },
  success: false,
});
