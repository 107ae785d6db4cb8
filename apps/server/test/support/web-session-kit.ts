import request from 'supertest';
import type { AdministratorKit, KitOptions } from './oauth-binding-kit';
import { startAdministratorKit } from './oauth-binding-kit';
import type { SmsWebhook } from './mini-program-kit';
import { startSmsWebhook } from './mini-program-kit';
import { unique } from './test-context';
import { uniqueMobile } from './test-data';
import { createUser } from '../../src/libraries/users';

/**
 * The web page's sign-in over HTTP: the administrator kit (sandbox, app on loopback) with a
 * loopback SMS gateway, and browsers: supertest agents that keep their cookies as a browser does
 * (by path) and send the page's Origin with every change.
 */

/** The part of superagent's cookie jar read here. */
interface CookieJar {
  getCookie(name: string, access: object): { value: string } | undefined;
}

export const SESSION_PATH = '/api/administrator/session';

export interface WebUser {
  userId: string;
  mobile: string;
  name: string;
}

export interface WebBrowser {
  agent: ReturnType<typeof request.agent>;
  /** The CSRF token of this browser's latest sign-in. */
  csrfToken?: string;
  /** The value of a cookie this browser holds, if any. */
  cookie(name: string): string | undefined;
  post(path: string, body: object): request.Test;
  /** A change with the Origin and the CSRF token, as the page makes it. */
  change(method: 'post' | 'put' | 'delete', path: string, body?: object): request.Test;
  sendCode(mobile: string): Promise<request.Response>;
  /** sendCode, then POST /session with the code the gateway received. */
  signInWithSms(mobile: string): Promise<request.Response>;
}

export interface WebSessionKit {
  admin: AdministratorKit;
  sms: SmsWebhook;
  /** `http://127.0.0.1:<port>`: the page's origin. */
  origin: string;
  newBrowser(): WebBrowser;
  newUser(options?: { mobile?: string | null }): Promise<WebUser>;
  close(): Promise<void>;
}

export async function startWebSessionKit(options: KitOptions = {}): Promise<WebSessionKit> {
  const sms = await startSmsWebhook();
  const admin = await startAdministratorKit({
    ...options,
    config: {
      SMS_SENDER: 'http',
      SMS_WEBHOOK_URL: sms.url,
      // Every request of a test file comes from 127.0.0.1: per-IP limits get their own tests.
      SMS_HOURLY_LIMIT_PER_IP: '1000',
      WXA_BIND_HOURLY_LIMIT_PER_IP: '1000',
      ...options.config,
    },
  });
  // A request never sent: only its address is read.
  const origin = new URL(admin.http().get('/').url).origin;

  function newBrowser(): WebBrowser {
    const agent = request.agent(origin);
    const browser: WebBrowser = {
      agent,
      cookie(name) {
        const { jar } = agent as unknown as { jar: CookieJar };
        return jar.getCookie(name, {
          domain: '127.0.0.1',
          path: '/api/administrator',
          secure: false,
          script: false,
        })?.value;
      },
      post: (path, body) => agent.post(path).set('Origin', origin).send(body),
      change(method, path, body) {
        const pending = agent[method](path)
          .set('Origin', origin)
          .set('X-CSRF-Token', browser.csrfToken ?? '');
        return body === undefined ? pending : pending.send(body);
      },
      sendCode: (mobile) => browser.post(`${SESSION_PATH}/sms-code`, { mobile }),
      async signInWithSms(mobile) {
        const sent = await browser.sendCode(mobile);
        if (sent.status !== 200) {
          throw new Error(`sms-code answered ${sent.status}: ${JSON.stringify(sent.body)}`);
        }
        const signedIn = await browser.post(SESSION_PATH, { mobile, code: sms.codeFor(mobile) });
        if (signedIn.status === 200) browser.csrfToken = signedIn.body.data.csrfToken;
        return signedIn;
      },
    };
    return browser;
  }

  return {
    admin,
    sms,
    origin,
    newBrowser,
    async newUser({ mobile = uniqueMobile() } = {}) {
      const name = unique('web-user');
      const user = await createUser(admin.context.models, { name, mobile: mobile ?? undefined });
      return { userId: user.id, mobile: mobile ?? '', name };
    },
    async close() {
      await admin.close();
      await sms.close();
    },
  };
}
