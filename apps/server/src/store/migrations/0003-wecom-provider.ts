import type { MigrationFn } from './migration';

/**
 * External accounts may be WeCom (企业微信) members too: the provider check allows `wecom`. The
 * binding rules (one row per account, one account per provider per user) are the table's unique
 * constraints and apply to WeCom unchanged.
 */
export const up: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    ALTER TABLE external_accounts DROP CONSTRAINT external_accounts_provider_check;
    ALTER TABLE external_accounts ADD CONSTRAINT external_accounts_provider_check
      CHECK (provider IN ('wechat', 'dingtalk', 'wecom'));
    `,
    { transaction },
  );
};

/** Refuses (the check fails) while WeCom accounts exist: remove them first, deliberately. */
export const down: MigrationFn = async ({ context: { query, transaction } }) => {
  await query(
    `
    ALTER TABLE external_accounts DROP CONSTRAINT external_accounts_provider_check;
    ALTER TABLE external_accounts ADD CONSTRAINT external_accounts_provider_check
      CHECK (provider IN ('wechat', 'dingtalk'));
    `,
    { transaction },
  );
};
