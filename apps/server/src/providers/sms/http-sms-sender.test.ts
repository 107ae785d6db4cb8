import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamError } from '../http/upstream-error';
import { createHttpSmsSender } from './http-sms-sender';

describe('createHttpSmsSender, against a loopback webhook', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; delayMs?: number };
  const requests: Array<{
    method?: string;
    headers: IncomingHttpHeaders;
    body: string;
    path?: string;
  }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        requests.push({ method: req.method, headers: req.headers, body, path: req.url });
        setTimeout(() => res.writeHead(answer.status).end('{}'), answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sms?key=gateway-key`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
    answer = { status: 200 };
  });

  const message = { mobile: '13800138000', code: '042917', expiresIn: 300 };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as UpstreamError,
    );

  it('POSTs JSON { mobile, code, expiresIn } to the webhook URL as given', async () => {
    await createHttpSmsSender({ webhookUrl: url }).sendVerificationCode(message);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/hooks/sms?key=gateway-key' });
    expect(requests[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(requests[0]!.body)).toEqual(message);
  });

  it('accepts any 2xx', async () => {
    answer = { status: 204 };
    await expect(
      createHttpSmsSender({ webhookUrl: url }).sendVerificationCode(message),
    ).resolves.toBeUndefined();
  });

  it('fails on any other status, naming the host but not the path or query', async () => {
    answer = { status: 503 };
    const error = await failure(
      createHttpSmsSender({ webhookUrl: url }).sendVerificationCode(message),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ service: 'sms', failure: 'bad_response', httpStatus: 503 });
    expect(error.message).not.toContain('gateway-key');
    expect(error.message).not.toContain(message.code);
  });

  it('fails on a slow gateway at the deadline', async () => {
    answer = { status: 200, delayMs: 1_000 };
    const error = await failure(
      createHttpSmsSender({ webhookUrl: url, timeoutMs: 200 }).sendVerificationCode(message),
    );
    expect(error).toMatchObject({ service: 'sms', failure: 'timeout' });
  });

  it('fails when nothing listens', async () => {
    const error = await failure(
      createHttpSmsSender({ webhookUrl: 'http://127.0.0.1:9/sms' }).sendVerificationCode(message),
    );
    expect(error).toMatchObject({ service: 'sms', failure: 'network' });
  });
});
