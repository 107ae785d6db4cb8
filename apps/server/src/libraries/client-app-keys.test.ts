import type { TestContext } from '../../test/support/test-context';
import { createTestContext, unique } from '../../test/support/test-context';
import {
  authenticateClientAppKey,
  createClientAppKey,
  listClientAppKeys,
  revokeClientAppKey,
} from './client-app-keys';
import { NotFoundError } from './errors';
import { sha256Hex } from './token-hash';

describe('client app keys', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const rowOf = async (id: string) => (await context.models.ClientAppKey.findByPk(id))!;

  it('creates a wbk_ key, storing only its SHA-256', async () => {
    const created = await createClientAppKey(context.models, { name: 'ios app' });
    expect(created.key).toMatch(/^wbk_[A-Za-z0-9_-]{43}$/);
    const row = await rowOf(created.id);
    expect(row.name).toBe('ios app');
    expect(row.keyHash).toBe(sha256Hex(created.key));
    expect(JSON.stringify(row.toJSON())).not.toContain(created.key.slice(4));
  });

  it('makes `app` keys unless told `server`: the kind that trusts less is the default', async () => {
    const app = await createClientAppKey(context.models, { name: unique('app') });
    const server = await createClientAppKey(context.models, {
      name: unique('backend'),
      kind: 'server',
    });
    expect((await rowOf(app.id)).kind).toBe('app');
    expect((await rowOf(server.id)).kind).toBe('server');
    expect(await authenticateClientAppKey(context.models, app.key)).toEqual({
      id: app.id,
      kind: 'app',
    });
    expect(await authenticateClientAppKey(context.models, server.key)).toEqual({
      id: server.id,
      kind: 'server',
    });
    await expect(
      createClientAppKey(context.models, {
        name: unique('odd'),
        kind: 'browser' as unknown as 'app',
      }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'kind' });
  });

  it('authenticates an active key and records the use', async () => {
    const created = await createClientAppKey(context.models, { name: unique('app') });
    const now = new Date();
    expect(await authenticateClientAppKey(context.models, created.key, now)).toEqual({
      id: created.id,
      kind: 'app',
    });
    expect((await rowOf(created.id)).lastUsedAt).toEqual(now);
  });

  it('refuses malformed, unknown and revoked keys', async () => {
    const created = await createClientAppKey(context.models, { name: unique('app') });
    const last = created.key.endsWith('A') ? 'B' : 'A';
    for (const bad of [
      '',
      created.key.slice(4),
      `${created.key.slice(0, -1)}${last}`,
      `${created.key}x`,
      `WBK_${created.key.slice(4)}`,
      `Bearer ${created.key}`,
    ]) {
      expect(await authenticateClientAppKey(context.models, bad)).toBeNull();
    }
    expect((await rowOf(created.id)).lastUsedAt).toBeNull();
    await revokeClientAppKey(context.models, created.id);
    expect(await authenticateClientAppKey(context.models, created.key)).toBeNull();
  });

  it('needs a name', async () => {
    await expect(createClientAppKey(context.models, { name: ' ' })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'name',
    });
  });

  it('lists keys without hashes, with their status', async () => {
    const active = await createClientAppKey(context.models, { name: unique('active') });
    const revoked = await createClientAppKey(context.models, { name: unique('revoked') });
    await revokeClientAppKey(context.models, revoked.id);
    const listed = await listClientAppKeys(context.models);
    const byId = new Map(listed.map((key) => [key.id, key]));
    expect(byId.get(active.id)).toMatchObject({ status: 'active', kind: 'app', revokedAt: null });
    expect(byId.get(revoked.id)).toMatchObject({ status: 'revoked' });
    expect(JSON.stringify(listed)).not.toMatch(/keyHash|wbk_/);
  });

  it('revokes a key once; again, unknown or malformed ids are NotFound', async () => {
    const created = await createClientAppKey(context.models, { name: unique('app') });
    await revokeClientAppKey(context.models, created.id);
    for (const id of [created.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      await expect(revokeClientAppKey(context.models, id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
