import { useSandbox } from '../../test-support/sandbox-fixture';
import { SANDBOX_S3_CREDENTIALS } from './credentials';

const fx = useSandbox();

/** A header of SigV4's shape; the stand-in checks the key and that a signature is there. */
const authorization = (accessKeyId: string = SANDBOX_S3_CREDENTIALS.accessKeyId) =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/s3/aws4_request, ` +
  `SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'ab'.repeat(32)}`;

const objectUrl = (key: string) => `${fx.url}/s3/avatars-bucket/${key}`;

describe('S3 stand-in', () => {
  it('keeps a put object and answers GET and HEAD with its bytes, type and cache headers', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const put = await fetch(objectUrl('avatars/one.png'), {
      method: 'PUT',
      headers: {
        authorization: authorization(),
        'content-type': 'image/png',
        'cache-control': 'public, max-age=60',
      },
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);

    const got = await fetch(objectUrl('avatars/one.png'), {
      headers: { authorization: authorization() },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('cache-control')).toBe('public, max-age=60');
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);

    const head = await fetch(objectUrl('avatars/one.png'), {
      method: 'HEAD',
      headers: { authorization: authorization() },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('answers NoSuchKey for an object never put', async () => {
    const response = await fetch(objectUrl('avatars/none.png'), {
      headers: { authorization: authorization() },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it.each([
    ['no Authorization header', undefined, 'AccessDenied'],
    ['another scheme', 'Basic c2FuZGJveDpzZWNyZXQ=', 'AccessDenied'],
    ['SigV4 without a signature', authorization().replace(/, Signature=.*$/, ''), 'AccessDenied'],
    ['another access key', authorization('AKIAOTHERKEY'), 'InvalidAccessKeyId'],
  ])('refuses %s with 403, keeping nothing', async (_what, header, code) => {
    const headers: Record<string, string> = header ? { authorization: header } : {};
    const put = await fetch(objectUrl('avatars/refused.png'), {
      method: 'PUT',
      headers,
      body: 'x',
    });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain(`<Code>${code}</Code>`);
    const got = await fetch(objectUrl('avatars/refused.png'), {
      headers: { authorization: authorization() },
    });
    expect(got.status).toBe(404);
  });
});
