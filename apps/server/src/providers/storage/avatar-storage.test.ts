import type { RunningSandbox } from '@wechat-bind/wechat-sandbox';
import { startSandbox } from '@wechat-bind/wechat-sandbox';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from '../../../test/support/closed-port';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext } from '../../../test/support/test-context';
import type { AvatarS3Settings, AvatarSettings } from '../../config';
import type { AvatarStorage, StoredAvatar } from './avatar-storage';
import { createAvatarStorage } from './create-avatar-storage';
import { AvatarStorageError } from './storage-error';

/** The key pair libs/wechat-sandbox/src/routes/s3/credentials.ts accepts. */
const SANDBOX_S3 = {
  accessKeyId: 'SANDBOXS3ACCESSKEY01',
  secretKey: 'sandbox-s3-secret-access-key-0001',
};

/** A PNG-signed avatar of random bytes, named as the profile library names it. */
function newAvatar(): StoredAvatar {
  const bytes = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(2048),
  ]);
  const id = `${createHash('sha256').update(bytes).digest('hex')}.png`;
  return { id, contentType: 'image/png', bytes };
}

let context: TestContext;
let sandbox: RunningSandbox;
let dir: string;
beforeAll(async () => {
  context = await createTestContext();
  sandbox = await startSandbox({});
  dir = await mkdtemp(path.join(os.tmpdir(), 'avatars-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await sandbox.close();
  await context.close();
});

const s3Settings = (overrides: Partial<AvatarS3Settings> = {}): AvatarS3Settings => ({
  endpoint: `${sandbox.url}/s3`,
  region: 'ap-guangzhou',
  bucket: 'avatars-1250000000',
  forcePathStyle: true,
  ...SANDBOX_S3,
  ...overrides,
});

const storageOf = (settings: Partial<AvatarSettings>): AvatarStorage =>
  createAvatarStorage({ storage: 'disk', dir, ...settings }, context.models);

describe.each([
  ['disk', () => storageOf({ storage: 'disk' })],
  ['database', () => storageOf({ storage: 'database' })],
  ['s3 (the AWS SDK against the sandbox)', () => storageOf({ storage: 's3', s3: s3Settings() })],
])('the %s avatar store', (_kind, make) => {
  it('gives back exactly what was put, with its type', async () => {
    const storage = make();
    const avatar = newAvatar();
    await storage.put(avatar);
    expect(await storage.get(avatar.id)).toEqual(avatar);
  });

  it('keeps one copy when the same avatar is put twice', async () => {
    const storage = make();
    const avatar = newAvatar();
    await storage.put(avatar);
    await storage.put(avatar);
    expect((await storage.get(avatar.id))?.bytes.equals(avatar.bytes)).toBe(true);
  });

  it('knows nothing of an id never put, or of a name that is not an avatar id', async () => {
    const storage = make();
    expect(await storage.get(newAvatar().id)).toBeUndefined();
    for (const id of ['../../etc/passwd', `${'a'.repeat(64)}.gif`, 'A'.repeat(64), '']) {
      expect(await storage.get(id)).toBeUndefined();
    }
  });
});

describe('the disk store', () => {
  it('writes under a folder of the first two characters of the id, leaving no partial files', async () => {
    const storage = storageOf({ storage: 'disk' });
    const avatar = newAvatar();
    await storage.put(avatar);
    expect(await readdir(path.join(dir, avatar.id.slice(0, 2)))).toContain(avatar.id);
    const everything = await readdir(dir, { recursive: true });
    expect(everything.filter((name) => String(name).endsWith('.partial'))).toEqual([]);
  });

  it('fails as AvatarStorageError where it cannot write', async () => {
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const storage = storageOf({ storage: 'disk', dir: file });
    await expect(storage.put(newAvatar())).rejects.toBeInstanceOf(AvatarStorageError);
  });
});

describe('the database store', () => {
  it('keeps the bytes and type in the avatars table', async () => {
    const avatar = newAvatar();
    await storageOf({ storage: 'database' }).put(avatar);
    const row = await context.models.Avatar.findByPk(avatar.id);
    expect(row?.contentType).toBe('image/png');
    expect(row?.bytes.equals(avatar.bytes)).toBe(true);
  });
});

describe('the s3 store', () => {
  it('refuses to work with a key the bucket does not know: AvatarStorageError, nothing stored', async () => {
    const avatar = newAvatar();
    const wrong = storageOf({ storage: 's3', s3: s3Settings({ accessKeyId: 'AKIAWRONGKEY' }) });
    await expect(wrong.put(avatar)).rejects.toBeInstanceOf(AvatarStorageError);
    await expect(wrong.get(avatar.id)).rejects.toBeInstanceOf(AvatarStorageError);
    expect(await storageOf({ storage: 's3', s3: s3Settings() }).get(avatar.id)).toBeUndefined();
  });

  it('fails as AvatarStorageError, quickly, when the endpoint cannot be reached', async () => {
    const port = await closedPort();
    const storage = storageOf({
      storage: 's3',
      s3: s3Settings({ endpoint: `http://127.0.0.1:${port}/s3` }),
    });
    const started = Date.now();
    await expect(storage.put(newAvatar())).rejects.toBeInstanceOf(AvatarStorageError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names the public copy under AVATAR_PUBLIC_BASE_URL when one is set', () => {
    const avatar = newAvatar();
    const storage = storageOf({
      storage: 's3',
      s3: s3Settings({ publicBaseUrl: 'https://cdn.example.com' }),
    });
    expect(storage.publicUrl?.(avatar.id)).toBe(`https://cdn.example.com/avatars/${avatar.id}`);
    expect(storageOf({ storage: 's3', s3: s3Settings() }).publicUrl).toBeUndefined();
  });
});
