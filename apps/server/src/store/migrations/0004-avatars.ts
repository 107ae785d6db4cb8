import type { MigrationFn } from './migration';

/**
 * Uploaded avatars, for AVATAR_STORAGE=database: one row per distinct image, named by the SHA-256
 * of its bytes and the type read from them (`<sha256>.png`), so uploading the same picture twice
 * stores it once and a name never points at other bytes. Rows are never changed; users.avatar
 * holds the URL that serves one.
 */
export const up: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    CREATE TABLE avatars (
      id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}\\.(jpg|png|webp)$'),
      content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
      bytes bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    `,
    { transaction },
  );
};

export const down: MigrationFn = async ({ context: { query, transaction } }) => {
  await query('DROP TABLE avatars', { transaction });
};
