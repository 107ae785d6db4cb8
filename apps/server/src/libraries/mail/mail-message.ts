/** One email as the application writes it; the sender (`MAIL_FROM`) is the transport's business. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A message on its way out: its `Message-ID` is fixed by the outbox row, so a resend is recognisable. */
export interface OutgoingMail extends MailMessage {
  messageId: string;
}
