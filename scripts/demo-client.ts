import type { Printer } from './demo-printer';
import { shorten } from './demo-printer';

export interface DemoRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query, as on the request line. */
  target: string;
  headers?: Record<string, string>;
  /** A JSON value (sent as JSON text) or text sent exactly as given (a signed body). */
  body?: unknown;
  /** The status the document promises for this request; anything else is reported. */
  expect: number;
}

export interface DemoReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface DemoClient {
  send(request: DemoRequest): Promise<DemoReply>;
  /** `sent` requests, of which `unexpected` answered another status than promised. */
  tally(): { sent: number; unexpected: string[] };
}

/** Headers worth showing; credentials are shortened, not hidden: this is a local sandbox. */
function shownHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.toLowerCase() !== 'content-type')
      .map(([name, value]) => [name, shorten(value, 56)]),
  );
}

/** Sends each request to the server, prints it and its reply, and checks the status. */
export function createDemoClient(baseUrl: string, printer: Printer): DemoClient {
  let sent = 0;
  const unexpected: string[] = [];
  return {
    async send({ method, target, headers = {}, body, expect }) {
      const text =
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const allHeaders = {
        ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        'user-agent': 'wechat-bind-demo',
        ...headers,
      };
      printer.request(method, target, shownHeaders(headers), text);
      const started = Date.now();
      const response = await fetch(`${baseUrl}${target}`, {
        method,
        headers: allHeaders,
        body: text,
      });
      const replyText = await response.text();
      const elapsed = Date.now() - started;
      sent += 1;
      const ok = response.status === expect;
      if (!ok) unexpected.push(`${method} ${target}: ${response.status}, expected ${expect}`);
      printer.reply(response.status, elapsed, replyText, ok ? 'ok' : 'unexpected');
      let json: unknown;
      try {
        json = JSON.parse(replyText);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text: replyText, json };
    },
    tally: () => ({ sent, unexpected: [...unexpected] }),
  };
}
