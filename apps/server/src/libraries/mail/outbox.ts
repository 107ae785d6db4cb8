import type { Transaction } from 'sequelize';
import type { SecretBox } from '../secret-box';
import type { Models } from '../../store/models';
import type { MailMessage } from './mail-message';

/** The outbox `kind` of mail; the worker delivers only this kind. */
export const MAIL_KIND = 'mail';

/**
 * The stored payload of a mail. The body is sealed with DATA_KEY (AES-256-GCM): it can carry a
 * secret (the verification link holds a single-use token that the store otherwise keeps only as a
 * hash), and a database dump or a log of a row must not reveal it. Recipient and subject stay
 * readable for operators. The worker drops the sealed body once the mail is sent.
 */
export interface MailPayload {
  to: string;
  subject: string;
  body?: string;
}

interface MailBody {
  text: string;
  html?: string;
}

/**
 * Queues a mail in the caller's transaction: it exists, and will be sent, exactly when the change
 * that asked for it commits. Returns the outbox row's id.
 */
export async function enqueueMail(
  models: Models,
  secretBox: SecretBox,
  message: MailMessage,
  transaction: Transaction,
): Promise<string> {
  const body: MailBody = { text: message.text, ...(message.html ? { html: message.html } : {}) };
  const payload: MailPayload = {
    to: message.to,
    subject: message.subject,
    body: secretBox.seal(JSON.stringify(body)),
  };
  const row = await models.OutboxMessage.create(
    { kind: MAIL_KIND, payload: payload as unknown as Record<string, unknown> },
    { transaction },
  );
  return String(row.id);
}

/** The mail a stored payload describes. Throws when it is not one (or cannot be opened). */
export function openMailPayload(secretBox: SecretBox, payload: unknown): MailMessage {
  const { to, subject, body } = (payload ?? {}) as Partial<MailPayload>;
  if (typeof to !== 'string' || typeof subject !== 'string' || typeof body !== 'string') {
    throw new Error('outbox payload is not a mail (to, subject and a sealed body)');
  }
  const opened = JSON.parse(secretBox.open(body)) as Partial<MailBody>;
  if (typeof opened.text !== 'string') throw new Error('outbox mail body has no text');
  return {
    to,
    subject,
    text: opened.text,
    ...(typeof opened.html === 'string' ? { html: opened.html } : {}),
  };
}
