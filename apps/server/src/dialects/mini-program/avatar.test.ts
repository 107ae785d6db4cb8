import type { RunningSandbox } from '@wechat-bind/wechat-sandbox';
import { startSandbox } from '@wechat-bind/wechat-sandbox';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from '../../../test/support/closed-port';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

const MB = 1024 * 1024;

/** Real image signatures with random bytes after them, so every picture is new to the store. */
const images = {
  png: (size = 256) =>
    Buffer.concat([
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      ),
      randomBytes(Math.max(0, size - 70)),
    ]).subarray(0, size),
  jpeg: () =>
    Buffer.concat([
      Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
      randomBytes(200),
    ]),
  webp: () =>
    Buffer.concat([
      Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'),
      randomBytes(200),
    ]),
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The key pair libs/wechat-sandbox/src/routes/s3/credentials.ts accepts. */
const SANDBOX_S3 = {
  AVATAR_S3_ACCESS_KEY_ID: 'SANDBOXS3ACCESSKEY01',
  AVATAR_S3_SECRET_ACCESS_KEY: 'sandbox-s3-secret-access-key-0001',
};

let s3: RunningSandbox;
let dir: string;
beforeAll(async () => {
  s3 = await startSandbox({});
  dir = await mkdtemp(path.join(os.tmpdir(), 'avatars-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await s3.close();
});

const s3Config = (): Record<string, string> => ({
  AVATAR_STORAGE: 's3',
  AVATAR_S3_ENDPOINT: `${s3.url}/s3`,
  AVATAR_S3_REGION: 'ap-guangzhou',
  AVATAR_S3_BUCKET: 'avatars-1250000000',
  AVATAR_S3_FORCE_PATH_STYLE: 'true',
  ...SANDBOX_S3,
});

function helpers(kit: () => AccountsKit) {
  return {
    async newUser() {
      const wechatUser = await kit().newWechatUser({ nickname: '微信用户' });
      const session = (await kit().bindWithSms(await kit().signIn(wechatUser), uniqueMobile())).body
        .data;
      return { token: String(session.token), uid: String(session.uid) };
    },
    upload(
      token: string | undefined,
      bytes: Buffer,
      filename = 'avatar.png',
      contentType?: string,
    ) {
      const call = kit().http.post('/accounts/me/avatar');
      if (token !== undefined) call.set('authorization', `Bearer ${token}`);
      return call.attach('file', bytes, { filename, contentType: contentType ?? 'image/png' });
    },
    me: (token: string) => kit().http.get('/accounts/me').set('authorization', `Bearer ${token}`),
    /** The user's avatar and how many avatar changes were audited for them. */
    async stored(uid: string) {
      return {
        avatar: (await kit().context.models.User.findByPk(uid))?.avatar,
        audits: await kit().context.models.AuditEvent.count({
          where: { subjectId: uid, action: 'profile.avatar' },
        }),
      };
    },
  };
}

describe.each([
  ['disk', () => ({ AVATAR_STORAGE: 'disk', AVATAR_DIR: dir })],
  ['database', () => ({ AVATAR_STORAGE: 'database' })],
  ['s3', s3Config],
])('POST /accounts/me/avatar, stored in %s', (_storage, config) => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({ SMS_RESEND_INTERVAL: '1', ...config() });
  });
  afterAll(() => kit.close());
  const { newUser, upload, me, stored } = helpers(() => kit);

  it('stores the picture, makes it the avatar, and serves it with cache headers and 304', async () => {
    const { token, uid } = await newUser();
    const bytes = images.png();
    const response = await upload(token, bytes);
    expect(response.status).toBe(200);
    const url = `${kit.context.deps.config.publicUrl}/accounts/avatars/${sha256(bytes)}.png`;
    expect(response.body).toEqual({
      data: { avatar_url: url },
      status: { code: 200, message: 'Ok all right.' },
      success: true,
    });
    expect((await me(token)).body.data.avatar).toBe(url);
    expect(await stored(uid)).toEqual({ avatar: url, audits: 1 });

    const served = await kit.http.get(new URL(url).pathname).buffer(true);
    expect(served.status).toBe(200);
    expect(Buffer.from(served.body).equals(bytes)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers.etag).toBe(`"${sha256(bytes)}"`);

    const again = await kit.http
      .get(new URL(url).pathname)
      .set('if-none-match', served.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    const changed = await kit.http.get(new URL(url).pathname).set('if-none-match', '"other"');
    expect(changed.status).toBe(200);
  });

  it('stores a picture uploaded twice once, and audits only the change', async () => {
    const { token, uid } = await newUser();
    const bytes = images.jpeg();
    const first = await upload(token, bytes, 'a.jpg', 'image/jpeg');
    const second = await upload(token, bytes, 'b.jpg', 'image/jpeg');
    expect(second.body).toEqual(first.body);
    expect((await stored(uid)).audits).toBe(1);
  });
});

describe('POST /accounts/me/avatar', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({
      SMS_RESEND_INTERVAL: '1',
      AVATAR_STORAGE: 'disk',
      AVATAR_DIR: dir,
    });
  });
  afterAll(() => kit.close());
  const { newUser, upload, me, stored } = helpers(() => kit);
  const storedFiles = async () => (await readdir(dir, { recursive: true })).length;

  /** Runs `attempt` as `token`'s user and checks it changed nothing: user, audit, store. */
  async function unchanged(uid: string, attempt: () => Promise<unknown>) {
    const before = { ...(await stored(uid)), files: await storedFiles() };
    await attempt();
    expect({ ...(await stored(uid)), files: await storedFiles() }).toEqual(before);
  }

  it.each([
    ['jpeg', 'image/jpeg', 'jpg', images.jpeg],
    ['png', 'image/png', 'png', () => images.png()],
    ['webp', 'image/webp', 'webp', images.webp],
  ])('accepts %s, served as %s', async (_kind, type, extension, make) => {
    const { token } = await newUser();
    const bytes = make();
    const response = await upload(token, bytes, 'x.bin', 'application/octet-stream');
    expect(response.status).toBe(200);
    expect(response.body.data.avatar_url).toMatch(new RegExp(`/${sha256(bytes)}\\.${extension}$`));
    const served = await kit.http.get(new URL(response.body.data.avatar_url).pathname);
    expect(served.headers['content-type']).toBe(type);
  });

  it('goes by the bytes, not the name: a PNG named .jpg and sent as image/jpeg is a PNG', async () => {
    const { token } = await newUser();
    const bytes = images.png();
    const response = await upload(token, bytes, 'photo.jpg', 'image/jpeg');
    expect(response.status).toBe(200);
    expect(response.body.data.avatar_url).toMatch(/\.png$/);
    const served = await kit.http.get(new URL(response.body.data.avatar_url).pathname);
    expect(served.headers['content-type']).toBe('image/png');
  });

  it.each([
    ['a text file named .png', Buffer.from('just some text, not a picture\n'), 'avatar.png'],
    ['HTML named .png', Buffer.from('<html><script>alert(1)</script></html>'), 'avatar.png'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'avatar.gif'],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'avatar.svg'],
    ['an empty file', Buffer.alloc(0), 'avatar.png'],
    ['half a PNG signature', images.png().subarray(0, 4), 'avatar.png'],
  ])('refuses %s: 415, nothing changed', async (_what, bytes, filename) => {
    const { token, uid } = await newUser();
    await unchanged(uid, async () => {
      const response = await upload(token, bytes, filename, 'image/png');
      expect(response.status).toBe(415);
      expect(response.body).toEqual(accountsFailure(415, '头像仅支持 JPEG、PNG 或 WebP 图片'));
    });
  });

  it('accepts exactly 1 MB and refuses 1 MB + 1 byte: 413, nothing changed', async () => {
    const { token, uid } = await newUser();
    expect((await upload(token, images.png(MB))).status).toBe(200);
    await unchanged(uid, async () => {
      const response = await upload(token, images.png(MB + 1));
      expect(response.status).toBe(413);
      expect(response.body).toEqual(accountsFailure(413, '头像不能超过 1 MB'));
    });
  });

  it('refuses a body declared far larger than the cap before reading it: 413', async () => {
    const { token, uid } = await newUser();
    await unchanged(uid, async () => {
      const response = await upload(token, images.png(3 * MB));
      expect(response.status).toBe(413);
    });
  });

  it('ignores the text fields wx.uploadFile may add', async () => {
    const { token } = await newUser();
    const response = await upload(token, images.png()).field('user', 'someone-else');
    expect(response.status).toBe(200);
  });

  it.each([
    [
      'no file field',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .field('a', 'b'),
      400,
      '请在字段 file 中上传头像图片',
    ],
    [
      'the file under another name',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .attach('avatar', images.png(), 'a.png'),
      400,
      '请在字段 file 中上传头像图片',
    ],
    [
      'two files',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .attach('file', images.png(), 'a.png')
          .attach('file', images.png(), 'b.png'),
      400,
      '一次只能上传一个文件',
    ],
    [
      'multipart without a boundary',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .set('content-type', 'multipart/form-data')
          .send('--x\r\n'),
      400,
      '上传数据不是有效的 multipart/form-data',
    ],
    [
      'a truncated multipart body',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .set('content-type', 'multipart/form-data; boundary=xyz')
          .send(
            '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
          ),
      400,
      '上传数据不是有效的 multipart/form-data',
    ],
    [
      'JSON',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .send({ file: images.png().toString('base64') }),
      415,
      '头像须以 multipart/form-data 上传（wx.uploadFile）',
    ],
    [
      'raw image bytes',
      (token: string) =>
        kit.http
          .post('/accounts/me/avatar')
          .set('authorization', `Bearer ${token}`)
          .set('content-type', 'image/png')
          .send(images.png()),
      415,
      '请求数据格式不支持',
    ],
  ])(
    'refuses %s in the accounts envelope, nothing changed',
    async (_what, send, status, message) => {
      const { token, uid } = await newUser();
      await unchanged(uid, async () => {
        const response = await send(token);
        expect(response.status).toBe(status);
        expect(response.body).toEqual(accountsFailure(status, message));
      });
    },
  );

  it('needs the bearer token: without it, or with a forged one, nothing is stored (401)', async () => {
    const { token, uid } = await newUser();
    await unchanged(uid, async () => {
      expect((await upload(undefined, images.png())).body).toEqual(
        accountsFailure(401, '请先登录'),
      );
      expect((await upload(`${token}x`, images.png())).body).toEqual(
        accountsFailure(401, '登录已失效，请重新登录'),
      );
    });
  });

  it("changes only the token holder's avatar, whatever the form says", async () => {
    const victim = await newUser();
    const attacker = await newUser();
    const before = await stored(victim.uid);
    const response = await upload(attacker.token, images.png())
      .field('uid', victim.uid)
      .field('user_id', victim.uid);
    expect(response.status).toBe(200);
    expect(await stored(victim.uid)).toEqual(before);
    expect((await me(attacker.token)).body.data.avatar).toBe(response.body.data.avatar_url);
  });
});

describe('GET /accounts/avatars/:id', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({ AVATAR_STORAGE: 'disk', AVATAR_DIR: dir });
  });
  afterAll(() => kit.close());

  it('answers 404 for an id never uploaded, 400 for one that is not an avatar id', async () => {
    const missing = await kit.http.get(`/accounts/avatars/${sha256(randomBytes(8))}.png`);
    expect(missing.body).toEqual(accountsFailure(404, '头像不存在'));
    expect(missing.headers['cache-control']).toBe('no-store');
    for (const id of ['..%2F..%2Fetc%2Fpasswd', `${'a'.repeat(64)}.gif`, 'x.png', 'A'.repeat(64)]) {
      const response = await kit.http.get(`/accounts/avatars/${id}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(accountsFailure(400, 'id 格式不正确'));
    }
  });
});

describe('POST /accounts/me/avatar with the bucket unreachable', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({
      SMS_RESEND_INTERVAL: '1',
      ...s3Config(),
      AVATAR_S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}/s3`,
    });
  });
  afterAll(() => kit.close());
  const { newUser, upload, stored } = helpers(() => kit);

  it('answers 503 in the accounts envelope and leaves the avatar as it was', async () => {
    const { token, uid } = await newUser();
    const before = await stored(uid);
    const response = await upload(token, images.png());
    expect(response.body).toEqual(accountsFailure(503, '头像存储暂时不可用，请稍后重试'));
    expect(await stored(uid)).toEqual(before);
  });
});

describe('GET /accounts/avatars/:id with AVATAR_PUBLIC_BASE_URL', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({
      SMS_RESEND_INTERVAL: '1',
      ...s3Config(),
      AVATAR_PUBLIC_BASE_URL: 'https://cdn.example.com/',
    });
  });
  afterAll(() => kit.close());
  const { newUser, upload } = helpers(() => kit);

  it("keeps the server's URL as the avatar and redirects it to the bucket's public copy", async () => {
    const { token } = await newUser();
    const bytes = images.webp();
    const { avatar_url } = (await upload(token, bytes)).body.data;
    expect(avatar_url).toBe(
      `${kit.context.deps.config.publicUrl}/accounts/avatars/${sha256(bytes)}.webp`,
    );
    const response = await kit.http.get(new URL(avatar_url).pathname);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`https://cdn.example.com/avatars/${sha256(bytes)}.webp`);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
  });
});
