import type { MigrationFn } from './migration';

/**
 * Client-app keys get a kind: `server` (a back end that signs its users in itself, believed as
 * written) or `app` (shipped inside a client, so its links must also prove the email account).
 * Keys issued before this migration were handed out as trusted back-end keys, so they become
 * `server`; from then on a key made without a kind is `app`, the kind that trusts less.
 */
export const up: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    ALTER TABLE client_app_keys
      ADD COLUMN kind text NOT NULL DEFAULT 'server' CHECK (kind IN ('server', 'app'));
    ALTER TABLE client_app_keys ALTER COLUMN kind SET DEFAULT 'app';
    `,
    { transaction },
  );
};

export const down: MigrationFn = async ({ context: { query, transaction } }) => {
  await query('ALTER TABLE client_app_keys DROP COLUMN kind;', { transaction });
};
