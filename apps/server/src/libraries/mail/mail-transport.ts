import nodemailer from 'nodemailer';
import type { Logger } from '../../logger';
import type { OutgoingMail } from './mail-message';

/** Where mail goes: an SMTP server, or (development, no SMTP_URL) the log. */
export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  /** Resolves once the server accepted the message; rejects with why it did not. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailTransportOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; unset: mail is only logged. */
  smtpUrl?: string;
  /** The From header (MAIL_FROM). */
  from: string;
  logger: Logger;
  /** Per-step SMTP deadlines; the worker's lease on a message must outlast their sum. */
  timeoutMs?: number;
}

export const DEFAULT_SMTP_TIMEOUT_MS = 20_000;

/**
 * With SMTP_URL, a nodemailer SMTP transport with short deadlines (nodemailer's defaults wait
 * minutes, and a stuck server must fail the attempt so the outbox retries it later). Without it,
 * each mail is logged by recipient, subject and Message-ID only: the body holds a single-use
 * token and must not reach a log.
 */
export function createMailTransport({
  smtpUrl,
  from,
  logger,
  timeoutMs = DEFAULT_SMTP_TIMEOUT_MS,
}: MailTransportOptions): MailTransport {
  if (!smtpUrl) {
    return {
      kind: 'log',
      async send(mail) {
        logger.info(
          { mailTo: mail.to, subject: mail.subject, messageId: mail.messageId },
          'mail not sent (SMTP_URL is unset): recipient and subject only, the body stays sealed',
        );
      },
      close() {},
    };
  }
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId: mail.messageId,
      });
    },
    close() {
      transporter.close();
    },
  };
}
