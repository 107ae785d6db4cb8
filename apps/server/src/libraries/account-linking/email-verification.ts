import type { Sequelize, Transaction } from 'sequelize';
import type { Models } from '../../store/models';
import { recordAudit } from '../audit';
import { NotFoundError } from '../errors';
import { randomToken, sha256Hex } from '../token-hash';
import type { ClientMetadata } from './client-metadata';

/** A verification link works once, for a day. */
export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

/** 32 random bytes, base64url: what a verification token looks like (anything else is unknown). */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export const isVerificationToken = (token: string): boolean => tokenPattern.test(token);

/**
 * Makes a single-use verification token for the user's email in the caller's transaction. Only its
 * SHA-256 is stored; the token itself exists in the returned value and in the sealed mail.
 */
export async function createEmailVerification(
  models: Models,
  { userId, email, now }: { userId: string; email: string; now: Date },
  transaction: Transaction,
): Promise<string> {
  const token = randomToken(32);
  await models.EmailVerification.create(
    {
      userId,
      email,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS),
      createdAt: now,
    },
    { transaction },
  );
  return token;
}

/**
 * The link the mail carries. With the client's `sourceUrl` (04: where `next-user` runs), the token
 * is appended to its path (`<sourceUrl>/<token>`, any query kept) and that page is expected to
 * call `GET /account/verify-email/:token`; without one, it is this server's endpoint itself.
 */
export function verificationLink(
  token: string,
  { sourceUrl, publicUrl }: { sourceUrl?: string; publicUrl: string },
): string {
  if (!sourceUrl) return `${publicUrl}/account/verify-email/${token}`;
  const url = new URL(sourceUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${token}`;
  return url.toString();
}

export interface VerifiedEmail {
  userId: string;
  email: string;
}

/**
 * Uses a verification token: the user's email becomes verified and the token is spent. Unknown,
 * spent and expired tokens are all NotFoundError (a caller learns nothing about which), and so is
 * a token for an address the user no longer has. The token row is locked, so two clicks racing
 * cannot both succeed.
 */
export async function verifyEmailToken(
  { sequelize, models }: { sequelize: Sequelize; models: Models },
  token: string,
  { now = new Date(), client }: { now?: Date; client: Omit<ClientMetadata, 'clientAppId'> },
): Promise<VerifiedEmail> {
  const notFound = () => new NotFoundError('email verification', '[token]');
  if (!isVerificationToken(token)) throw notFound();
  return sequelize.transaction(async (transaction) => {
    const verification = await models.EmailVerification.findOne({
      where: { tokenHash: sha256Hex(token) },
      lock: transaction.LOCK.UPDATE,
      transaction,
    });
    if (!verification || verification.usedAt || verification.expiresAt <= now) throw notFound();
    const user = await models.User.findByPk(verification.userId, {
      lock: transaction.LOCK.UPDATE,
      transaction,
    });
    if (!user?.email || user.email.toLowerCase() !== verification.email.toLowerCase()) {
      throw notFound();
    }
    await verification.update({ usedAt: now }, { transaction });
    if (!user.emailVerifiedAt) await user.update({ emailVerifiedAt: now }, { transaction });
    await recordAudit(
      models,
      {
        action: 'account.email_verified',
        actor: { type: 'user', id: user.id },
        subject: { type: 'user', id: user.id },
        ip: client.ip,
        userAgent: client.userAgent,
        details: { email: user.email },
      },
      transaction,
    );
    return { userId: user.id, email: user.email };
  });
}
