import { createHash, randomBytes } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext } from '../../../test/support/test-context';

/** The table as the migration made it (the shared test database is migrated to the latest). */
describe('0004-avatars', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  const insert = (id: string, contentType = 'image/png') =>
    context.sequelize.query(
      'INSERT INTO avatars (id, content_type, bytes) VALUES (:id, :contentType, :bytes)',
      { replacements: { id, contentType, bytes: randomBytes(16) } },
    );
  const newId = (extension = 'png') =>
    `${createHash('sha256').update(randomBytes(16)).digest('hex')}.${extension}`;

  it('keeps one row per id, and only ids and types an avatar can have', async () => {
    const id = newId();
    await insert(id);
    await expect(insert(id)).rejects.toBeInstanceOf(UniqueConstraintError);
    await expect(insert(newId('gif'))).rejects.toThrow(/check constraint/);
    await expect(insert('../../etc/passwd')).rejects.toThrow(/check constraint/);
    await expect(insert(newId(), 'text/html')).rejects.toThrow(/check constraint/);
    await insert(newId('webp'), 'image/webp');
  });
});
