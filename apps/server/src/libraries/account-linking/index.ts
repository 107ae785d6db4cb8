import type { Account, VerifyEmailResponse } from '@wechat-bind/dto';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { Redis } from '../../redis/create-redis';
import type { Models } from '../../store/models';
import { NotFoundError } from '../errors';
import type { SecretBox } from '../secret-box';
import type { ClientMetadata } from './client-metadata';
import { verifyEmailToken } from './email-verification';
import { createEmailVerificationLimit } from './email-verification-limit';
import type { GatewayNetworks } from './gateway-networks';
import { createGatewayNetworks } from './gateway-networks';
import type { LinkInput, LinkOutcome } from './link';
import { linkWechatAccount } from './link';
import { loadAccount } from './load-account';
import { createPasswordFailureLimit } from './password-failure-limit';
import type { WechatSignupInput } from './signup';
import { signupWithWechat } from './signup';
import type { UnlinkInput } from './unlink';
import { unlinkWechatAccount } from './unlink';
import { verificationSource } from './verification-origins';

export { AccountRateLimitError, AccountRuleError } from './errors';
export type { LinkInput, LinkOutcome, LinkProof } from './link';
export type { UnlinkInput } from './unlink';
export type { WechatSignupInput } from './signup';

export interface AccountLinkingDeps {
  config: Config;
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  secretBox: SecretBox;
}

export interface SignupInput extends Omit<WechatSignupInput, 'now'> {
  /** Where a warning about the request goes (an ignored `sourceUrl`): the request's own log. */
  log: Logger;
}

export interface VerifyEmailInput {
  token: string;
  /** The clicker's address and agent: the audit's, and the address the failed tries count on. */
  client: Omit<ClientMetadata, 'clientAppId'>;
  /** Where a warning about the request goes (a failed try that could not be counted). */
  log: Logger;
}

export interface AccountLinking {
  /** Whether a connection comes from a gateway that signed the WeChat user in itself. */
  gatewayNetworks: GatewayNetworks;
  /** The Account of this unionid; NotFoundError when no WeChat account has it. */
  load(unionId: string): Promise<Account>;
  /**
   * A new email account linked to the WeChat account. A `sourceUrl` outside VERIFY_EMAIL_ORIGINS
   * is ignored (the server's own verification link is used) and logged.
   */
  signup(input: SignupInput): Promise<Account>;
  link(input: LinkInput): Promise<LinkOutcome>;
  unlink(input: UnlinkInput): Promise<void>;
  /**
   * Uses the verification link's token. The token is a secret, so failed tries (NotFoundError)
   * are limited per address (AccountRateLimitError once over, even for a right token); good links
   * never use the budget.
   */
  verifyEmail(input: VerifyEmailInput): Promise<VerifyEmailResponse>;
}

/** WeChat and email account linking (04): built once per app, by the app context. */
export function createAccountLinking(deps: AccountLinkingDeps): AccountLinking {
  const { config, sequelize, models, redis, secretBox } = deps;
  const passwordFailures = createPasswordFailureLimit(redis);
  const verificationFailures = createEmailVerificationLimit(redis);

  return {
    gatewayNetworks: createGatewayNetworks(config.accountWxTrustedProxies),

    async load(unionId) {
      const account = await loadAccount(sequelize, unionId);
      if (!account) throw new NotFoundError('wechat account', unionId);
      return account;
    },

    async signup({ log, ...input }) {
      const source = verificationSource(input.sourceUrl, config.verifyEmailOrigins);
      if (source.ignoredOrigin) {
        log.warn(
          { origin: source.ignoredOrigin, clientAppId: input.client.clientAppId },
          'signup sourceUrl outside VERIFY_EMAIL_ORIGINS ignored; the default verification link is used',
        );
      }
      return signupWithWechat(
        { sequelize, models, secretBox, publicUrl: config.publicUrl },
        { ...input, sourceUrl: source.sourceUrl },
      );
    },

    link: (input) => linkWechatAccount({ sequelize, models, passwordFailures }, input),

    unlink: (input) => unlinkWechatAccount({ sequelize, models }, input),

    async verifyEmail({ token, client, log }) {
      const address = client.ip ?? 'unknown';
      await verificationFailures.check(address);
      try {
        const { email } = await verifyEmailToken({ sequelize, models }, token, { client });
        return { email, isVerified: true };
      } catch (error) {
        if (error instanceof NotFoundError) {
          // The request is refused either way; only the count would be lost.
          await verificationFailures.count(address).catch((countError: unknown) => {
            log.warn({ err: countError }, 'could not count a failed email verification');
          });
        }
        throw error;
      }
    },
  };
}
