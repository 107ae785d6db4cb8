import type { Sequelize } from 'sequelize';
import { defineApiKey } from './api-key';
import { defineAuditEvent } from './audit-event';
import { defineAvatar } from './avatar';
import { defineClientAppKey } from './client-app-key';
import { defineEmailVerification } from './email-verification';
import { defineExternalAccount } from './external-account';
import { defineExternalOpenId } from './external-openid';
import { defineMembership } from './membership';
import { defineMembershipBackup } from './membership-backup';
import { defineMiniProgramApp } from './miniprogram-app';
import { defineOutboxMessage } from './outbox-message';
import { definePersonalAccessToken } from './personal-access-token';
import { defineUser } from './user';

export type { ApiKeyInstance } from './api-key';
export type { AuditEventInstance } from './audit-event';
export type { AvatarInstance } from './avatar';
export type { ClientAppKeyInstance } from './client-app-key';
export type { EmailVerificationInstance } from './email-verification';
export type { ExternalAccountInstance, Provider } from './external-account';
export type { ExternalOpenIdInstance } from './external-openid';
export type { MembershipInstance } from './membership';
export type { MembershipBackupInstance } from './membership-backup';
export type { MiniProgramAppActor, MiniProgramAppInstance } from './miniprogram-app';
export type { OutboxMessageInstance, OutboxStatus } from './outbox-message';
export type { PersonalAccessTokenInstance } from './personal-access-token';
export type { Gender, UserInstance } from './user';

/**
 * Defines every model on one Sequelize instance. Models are made per instance (not module-level
 * classes) so that two stores, say a test's scratch database and the main one, never share state.
 */
export function defineModels(sequelize: Sequelize) {
  const models = {
    User: defineUser(sequelize),
    ExternalAccount: defineExternalAccount(sequelize),
    ExternalOpenId: defineExternalOpenId(sequelize),
    Membership: defineMembership(sequelize),
    MembershipBackup: defineMembershipBackup(sequelize),
    ApiKey: defineApiKey(sequelize),
    PersonalAccessToken: definePersonalAccessToken(sequelize),
    ClientAppKey: defineClientAppKey(sequelize),
    EmailVerification: defineEmailVerification(sequelize),
    OutboxMessage: defineOutboxMessage(sequelize),
    AuditEvent: defineAuditEvent(sequelize),
    Avatar: defineAvatar(sequelize),
    MiniProgramApp: defineMiniProgramApp(sequelize),
  };
  models.User.hasMany(models.ExternalAccount, { foreignKey: 'userId', as: 'externalAccounts' });
  models.ExternalAccount.belongsTo(models.User, { foreignKey: 'userId', as: 'user' });
  models.ExternalAccount.hasMany(models.ExternalOpenId, {
    foreignKey: 'externalAccountId',
    as: 'openIds',
  });
  models.ExternalOpenId.belongsTo(models.ExternalAccount, {
    foreignKey: 'externalAccountId',
    as: 'externalAccount',
  });
  models.User.hasOne(models.Membership, { foreignKey: 'userId', as: 'membership' });
  models.User.hasMany(models.ApiKey, { foreignKey: 'userId', as: 'apiKeys' });
  models.User.hasMany(models.PersonalAccessToken, { foreignKey: 'userId', as: 'tokens' });
  return models;
}

export type Models = ReturnType<typeof defineModels>;
