export interface JsonReply {
  status: number;
  // The set-up reads a few known fields of replies it has just checked (expectOk).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One JSON request for the set-up (never during a timed phase: autocannon does those). */
export async function requestJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonReply> {
  const text =
    init.body === undefined || typeof init.body === 'string'
      ? init.body
      : JSON.stringify(init.body);
  const response = await fetch(url, {
    method: init.method ?? (text === undefined ? 'GET' : 'POST'),
    headers: {
      ...(text === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: text,
  });
  const replyText = await response.text();
  let body: unknown = replyText;
  try {
    body = JSON.parse(replyText);
  } catch {
    // kept as text
  }
  return { status: response.status, body };
}

/** Fails the set-up with the reply when a step did not answer 200. */
export function expectOk(what: string, reply: { status: number; body: unknown }): void {
  if (reply.status !== 200) {
    throw new Error(
      `set-up: ${what} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
  }
}
