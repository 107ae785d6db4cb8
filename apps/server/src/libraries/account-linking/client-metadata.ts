import type { Transaction } from 'sequelize';
import type { Models } from '../../store/models';
import { recordAudit } from '../audit';
import type { MergeOutcome } from './membership-merge';

/**
 * Who asked, as the audit rows record it: the trusted client app that presented its key, and the
 * connection's IP and user agent (never a forwarded header unless TRUST_PROXY says the proxy in
 * front is ours; Koa's `ctx.ip` already applies that rule).
 */
export interface ClientMetadata {
  clientAppId: string;
  ip?: string;
  userAgent?: string;
}

export const auditActorOf = (client: ClientMetadata) => ({
  actor: { type: 'client_app' as const, id: client.clientAppId },
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
      details: { unionId: link.unionId, userId: link.userId, via: link.via },
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
