import type { Transaction } from 'sequelize';
import type { Models } from '../../store/models';
import { recordAudit } from '../audit';
import type { MergeOutcome } from './membership-merge';

/**
 * Who asked, as the audit rows record it: the client app that presented its key (or, without one,
 * the trusted gateway's peer address), and the connection's IP and user agent (never a forwarded
 * header unless TRUST_PROXY says the proxy in front is ours; Koa's `ctx.ip` already applies that
 * rule).
 */
export interface ClientMetadata {
  /** The client app's key id; absent when a trusted gateway vouched instead. */
  clientAppId?: string;
  /** The socket peer address of a trusted gateway (ACCOUNT_WX_TRUSTED_PROXIES). */
  gateway?: string;
  ip?: string;
  userAgent?: string;
}

export const auditActorOf = (client: ClientMetadata) => ({
  actor: client.clientAppId
    ? { type: 'client_app' as const, id: client.clientAppId }
    : { type: 'system' as const, id: `gateway ${client.gateway ?? 'unknown'}` },
  ip: client.ip,
  userAgent: client.userAgent,
});

/**
 * The rows every link writes, by signup or by link: `account.link`, and `membership.merge` when a
 * membership was carried over to the linked pair.
 */
export async function recordLinkAudit(
  models: Models,
  link: {
    client: ClientMetadata;
    unionId: string;
    userId: string;
    via: 'signup' | 'link';
    /** How the caller proved the email account: its password, or a trusted caller's word. */
    proof?: 'password' | 'trusted';
    merge: MergeOutcome;
  },
  transaction: Transaction,
): Promise<void> {
  const who = auditActorOf(link.client);
  const subject = { type: 'user', id: link.userId };
  await recordAudit(
    models,
    {
      action: 'account.link',
      ...who,
      subject,
      details: {
        unionId: link.unionId,
        userId: link.userId,
        via: link.via,
        ...(link.proof ? { proof: link.proof } : {}),
      },
    },
    transaction,
  );
  if (link.merge.kept) {
    await recordAudit(
      models,
      {
        action: 'membership.merge',
        ...who,
        subject,
        details: { unionId: link.unionId, ...link.merge },
      },
      transaction,
    );
  }
}
