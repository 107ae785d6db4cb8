import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl } from '@wechat-bind/wechat-sandbox';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { buildPage } from '../build/build-page';
import type { SmsWebhook, TestContext, Upstreams } from '@wechat-bind/server/testing';
import {
  createLogger,
  startSmsWebhook,
  uniqueMobile,
  createTestContext,
  createUser,
  issuePersonalAccessToken,
  resolveUpstreams,
  revokePersonalAccessToken,
  testConfig,
  unique,
} from '@wechat-bind/server/testing';

/**
 * What the browser tests share: the page built with the real build, the real app serving it and
 * the API on a loopback port (the test database and Redis of this run, embedded or real), the
 * sandbox standing in for WeChat and DingTalk exactly as in a zero-setup `npm start` (same apps,
 * redirect URIs defaulting to this page's return routes), and Debian's Chromium driven by
 * Playwright with a new, empty profile, sized like a phone.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A common phone (CSS pixels): the page must work at this size. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

const SCREENSHOT_DIR = path.resolve(__dirname, '../../../../test-output/web');

export interface Admin {
  userId: string;
  tokenId: string;
  /** `<id>|<secret>`, as `npm run cli -- token:issue` prints it. */
  token: string;
}

/** The two widths every state is photographed at: the narrowest phone, and a desktop. */
export const SCREENSHOT_WIDTHS = [320, 1280] as const;

export interface BrowserKitOptions {
  /** Start the server as one without WECOM_APP (the sandbox still has it). */
  withoutWecom?: boolean;
}

export interface WebUser {
  userId: string;
  name: string;
  mobile: string;
}

export interface BrowserKit {
  /** The SMS gateway the server sends its codes to (a loopback webhook). */
  sms: SmsWebhook;
  /** A user with a name and a mobile of their own. */
  newUser(): Promise<WebUser>;
  /** Where the page is: `http://127.0.0.1:<port>`. */
  baseUrl: string;
  sandboxUrl: string;
  control: SandboxControl;
  context: TestContext;
  browser: BrowserContext;
  newPage(): Promise<Page>;
  newAdmin(): Promise<Admin>;
  /** Another token for the same user (after the first was revoked). */
  newToken(admin: Admin): Promise<string>;
  revoke(admin: Admin): Promise<void>;
  /** A sandbox WeChat user with a nickname of its own: its Allow button is "Allow as <nickname>". */
  newWechatUser(): Promise<string>;
  newDingtalkUser(): Promise<string>;
  /** A member of the sandbox's WeCom corp; its Allow button is "Allow as <name>". */
  newWecomUser(): Promise<string>;
  /** Makes the page's browser say it is WeChat's (a user agent with `MicroMessenger`). */
  insideWechat(page: Page): Promise<void>;
  /** Lists the user's bindings through the API, as the server sees them. */
  bindings(token: string): Promise<Array<{ type: string; nickname: string | null }>>;
  screenshot(page: Page, name: string): Promise<void>;
  /** One screenshot per width of SCREENSHOT_WIDTHS (`<name>-320.png`, `<name>-1280.png`). */
  screenshotWidths(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export async function startBrowserKit(options: BrowserKitOptions = {}): Promise<BrowserKit> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-browser-'));
  const dist = await buildPage({ outDir: path.join(scratch, 'dist') });

  // Listen first: the port is part of PUBLIC_URL, which the redirect URIs are made from.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sms = await startSmsWebhook();
  const settings = {
    PUBLIC_URL: baseUrl,
    SANDBOX_PORT: '0',
    WEB_DIST_DIR: dist,
    SMS_SENDER: 'http',
    SMS_WEBHOOK_URL: sms.url,
    // Every request of a test file comes from 127.0.0.1.
    SMS_HOURLY_LIMIT_PER_IP: '1000',
    WXA_BIND_HOURLY_LIMIT_PER_IP: '1000',
  };
  const upstreams: Upstreams = await resolveUpstreams(
    testConfig(settings),
    createLogger({ level: 'silent' }),
  );
  const context = await createTestContext({
    config: settings,
    upstreams: options.withoutWecom ? { ...upstreams, wecomApp: undefined } : upstreams,
  });
  handle = context.app.callback();
  const sandboxUrl = upstreams.sandboxUrl!;
  const control = createSandboxControl(sandboxUrl);

  const browser = await chromium.launchPersistentContext(path.join(scratch, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: PHONE_VIEWPORT,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  // Nothing leaves the machine: avatars on example.com and the like fail at once.
  await browser.route(
    (url) => !isLoopback(url),
    (route) => route.abort('blockedbyclient'),
  );
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    sms,
    async newUser() {
      const name = unique('Li');
      const mobile = uniqueMobile();
      const user = await createUser(context.models, { name, mobile });
      return { userId: user.id, name, mobile };
    },
    baseUrl,
    sandboxUrl,
    control,
    context,
    browser,
    newPage: () => browser.newPage(),
    async newAdmin() {
      const user = await createUser(context.models, { name: unique('web-admin') });
      const issued = await issuePersonalAccessToken(context.models, {
        userId: user.id,
        name: 'browser test',
      });
      return { userId: user.id, tokenId: issued.id, token: issued.token };
    },
    async newToken(admin) {
      const issued = await issuePersonalAccessToken(context.models, {
        userId: admin.userId,
        name: 'browser test, again',
      });
      return issued.token;
    },
    revoke: (admin) => revokePersonalAccessToken(context.models, admin.tokenId),
    async newWechatUser() {
      const nickname = unique('Wei');
      await control.registerWechatUser({
        nickname,
        avatar: `https://example.com/${unique('avatar')}.png`,
      });
      return nickname;
    },
    async newDingtalkUser() {
      const nick = unique('Ding');
      await control.registerDingtalkUser({ nick, avatarUrl: 'https://example.com/ding.png' });
      return nick;
    },
    async newWecomUser() {
      const name = unique('Wen');
      await control.registerWecomUser({ corpId: upstreams.wecomApp!.corpId, name });
      return name;
    },
    async insideWechat(page) {
      // navigator.userAgent too, not only the header: the page reads it from script.
      const session = await page.context().newCDPSession(page);
      await session.send('Emulation.setUserAgentOverride', {
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 ' +
          '(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI',
      });
    },
    async bindings(token) {
      const response = await fetch(`${baseUrl}/api/administrator/user/oauth-binding`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { data: Array<{ type: string; nickname: string }> };
      return body.data.map(({ type, nickname }) => ({ type, nickname }));
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async screenshotWidths(page, name) {
      const before = page.viewportSize() ?? PHONE_VIEWPORT;
      for (const width of SCREENSHOT_WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        // Nothing wider than the screen, at either width.
        if (layout.scrollWidth > layout.innerWidth) {
          throw new Error(`${name} is ${layout.scrollWidth} px wide at ${width} px`);
        }
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`),
          fullPage: true,
        });
      }
      await page.setViewportSize(before);
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await context.close();
      await upstreams.close();
      await sms.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}
