import type { MigrationFn } from './migration';

/**
 * The whole data model. The binding rules live here as constraints, so two servers racing
 * cannot break them whatever the code does:
 * - one external account (provider + unionid, or appId:openid when there is no unionid) is one
 *   row, so it belongs to at most one user;
 * - (user_id, provider) is unique: a user has at most one account per provider;
 * - (provider, app_id, open_id) is the key of external_openids: an openid is unique in its app;
 * - users.mobile and lower(users.email) are unique.
 */
export const up: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text,
      avatar text,
      gender text NOT NULL DEFAULT 'secret' CHECK (gender IN ('male', 'female', 'secret')),
      mobile text UNIQUE,
      email text,
      password_hash text,
      email_verified_at timestamptz,
      stripe_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

    CREATE TABLE external_accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider text NOT NULL CHECK (provider IN ('wechat', 'dingtalk')),
      account_key text NOT NULL,
      union_id text,
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      nickname text,
      avatar text,
      gender text,
      bound_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT external_accounts_one_row_per_account UNIQUE (provider, account_key),
      CONSTRAINT external_accounts_one_per_provider_per_user UNIQUE (user_id, provider),
      CONSTRAINT external_accounts_bound_at_with_user CHECK ((user_id IS NULL) = (bound_at IS NULL))
    );
    CREATE INDEX external_accounts_union_id ON external_accounts (provider, union_id);

    CREATE TABLE external_openids (
      provider text NOT NULL,
      app_id text NOT NULL,
      open_id text NOT NULL,
      external_account_id uuid NOT NULL REFERENCES external_accounts (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (provider, app_id, open_id)
    );
    CREATE INDEX external_openids_account ON external_openids (external_account_id);

    CREATE TABLE memberships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid UNIQUE REFERENCES users (id) ON DELETE SET NULL,
      union_id text UNIQUE,
      tier text CHECK (tier IN ('standard', 'premium')),
      cycle text CHECK (cycle IN ('month', 'year')),
      expire_date date,
      pay_method text,
      stripe_subs_id text,
      auto_renew boolean NOT NULL DEFAULT false,
      status text,
      apple_subs_id text,
      b2b_licence_id text,
      standard_add_on integer NOT NULL DEFAULT 0 CHECK (standard_add_on >= 0),
      premium_add_on integer NOT NULL DEFAULT 0 CHECK (premium_add_on >= 0),
      vip boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT memberships_has_owner CHECK (user_id IS NOT NULL OR union_id IS NOT NULL)
    );

    CREATE TABLE membership_backups (
      id bigserial PRIMARY KEY,
      membership_id uuid NOT NULL,
      user_id uuid,
      union_id text,
      snapshot jsonb NOT NULL,
      reason text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX membership_backups_owner ON membership_backups (user_id, union_id);

    CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key_id text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      secret_ciphertext text NOT NULL,
      actions text[] NOT NULL DEFAULT '{}',
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX api_keys_user ON api_keys (user_id);

    CREATE TABLE personal_access_tokens (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL,
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX personal_access_tokens_user ON personal_access_tokens (user_id);

    CREATE TABLE client_app_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      revoked_at timestamptz,
      last_used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE email_verifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      email text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE outbox_messages (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at) WHERE status = 'pending';

    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      action text NOT NULL,
      actor_type text NOT NULL,
      actor_id text,
      subject_type text,
      subject_id text,
      ip text,
      user_agent text,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, created_at);
    `,
    { transaction },
  );
};

export const down: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    DROP TABLE audit_events;
    DROP TABLE outbox_messages;
    DROP TABLE email_verifications;
    DROP TABLE client_app_keys;
    DROP TABLE personal_access_tokens;
    DROP TABLE api_keys;
    DROP TABLE membership_backups;
    DROP TABLE memberships;
    DROP TABLE external_openids;
    DROP TABLE external_accounts;
    DROP TABLE users;
    `,
    { transaction },
  );
};
