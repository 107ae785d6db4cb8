import type { MailMessage } from '../mail/mail-message';

/** The verification mail: plain text, in Chinese and English, as the document's readers are. */
export function verificationMail({ to, link }: { to: string; link: string }): MailMessage {
  return {
    to,
    subject: '验证您的邮箱 / Verify your email address',
    text: [
      '您好，',
      '',
      '请打开下面的链接，验证您的邮箱地址（24 小时内有效，仅可使用一次）：',
      'Please open this link to verify your email address (valid for 24 hours, once):',
      '',
      link,
      '',
      '如果您没有注册账号，请忽略这封邮件。',
      'If you did not sign up, please ignore this mail.',
    ].join('\n'),
  };
}
