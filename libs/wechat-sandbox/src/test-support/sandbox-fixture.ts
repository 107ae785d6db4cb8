import { createSandboxControl, type SandboxControl } from '../control/control-client';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../start-sandbox';

// Shared by the contract tests: a real sandbox on a random loopback port, reset before each test
// so tests never see each other's codes, tokens, faults or counters.

export const MINI_APP = { appid: 'wxminiprogram0001', secret: 'mini-secret-0001' };
export const WEB_APP = { appid: 'wxwebsite00000001', secret: 'web-secret-0001' };
export const DING_APP = { clientId: 'dingclient0001', clientSecret: 'ding-secret-0001' };

export interface SandboxFixture {
  readonly url: string;
  readonly control: SandboxControl;
  readonly sandbox: RunningSandbox;
}

export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
  let sandbox: RunningSandbox | undefined;
  let control: SandboxControl | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({
      apps: { wechat: [MINI_APP, WEB_APP], dingtalk: [DING_APP] },
      ...options,
    });
    control = createSandboxControl(sandbox.url);
  });
  beforeEach(async () => {
    await control!.reset();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  return {
    get url() {
      return sandbox!.url;
    },
    get control() {
      return control!;
    },
    get sandbox() {
      return sandbox!;
    },
  };
}

export interface JsonReply {
  status: number;
  headers: Headers;
  // The replies are what is under test, so they stay loosely typed: each test names the fields.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** GET `path` with query parameters, the way the server's HTTP clients will. */
export async function getJson(
  base: string,
  path: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** POST a JSON body (a string is sent as is, for malformed-body tests). */
export async function postJson(
  base: string,
  path: string,
  body: unknown,
  query: Record<string, string> = {},
): Promise<JsonReply> {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A WeChat error reply: HTTP 200, the errcode, and an errmsg that starts with WeChat's text. */
export function expectWechatError(reply: JsonReply, errcode: number, errmsg?: string): void {
  expect(reply.status).toBe(200);
  expect(reply.body.errcode).toBe(errcode);
  expect(reply.body.errmsg).toMatch(/, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  if (errmsg !== undefined) expect(reply.body.errmsg.startsWith(`${errmsg}, rid:`)).toBe(true);
}
