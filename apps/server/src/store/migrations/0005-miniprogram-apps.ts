import type { MigrationFn } from './migration';

/**
 * The mini-programs that may sign in (`auth_app_id`), so that an operator can add and remove one
 * without a restart (`app:add`, `app:remove`; WECHAT_MINIPROGRAM_APPS seeds it at start). A row is
 * one app for as long as it is active: its secret is sealed with DATA_KEY (it signs every
 * code2session and stable_token call, so it must be read back and cannot be hashed). A removal sets
 * `removed_at`, and a new secret retires the row and adds another, so the table is the history of
 * who added and removed which app when. At most one row per app_id is active at a time; the
 * partial unique index, not the code, makes two racing `app:add`s end with one app.
 */
export const up: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    CREATE TABLE miniprogram_apps (
      id bigserial PRIMARY KEY,
      app_id text NOT NULL CHECK (app_id ~ '^[A-Za-z0-9_-]{1,64}$'),
      secret_ciphertext text NOT NULL,
      added_by text NOT NULL CHECK (added_by IN ('environment', 'cli')),
      added_at timestamptz NOT NULL DEFAULT now(),
      removed_by text CHECK (removed_by IN ('environment', 'cli')),
      removed_at timestamptz,
      CHECK ((removed_at IS NULL) = (removed_by IS NULL))
    );
    CREATE UNIQUE INDEX miniprogram_apps_active ON miniprogram_apps (app_id)
      WHERE removed_at IS NULL;
    CREATE INDEX miniprogram_apps_history ON miniprogram_apps (app_id, added_at);
    `,
    { transaction },
  );
};

export const down: MigrationFn = async ({ context: { query, transaction } }) => {
  await query('DROP TABLE miniprogram_apps', { transaction });
};
