import { createConsoleSmsSender } from './console-sms-sender';
import { createSmsSender } from './create-sms-sender';

describe('createConsoleSmsSender', () => {
  it('prints the mobile, the code and its lifetime for a developer to read', async () => {
    const lines: string[] = [];
    await createConsoleSmsSender((line) => lines.push(line)).sendVerificationCode({
      mobile: '13800138000',
      code: '042917',
      expiresIn: 300,
    });
    expect(lines).toEqual(['[sms] verification code for 13800138000: 042917 (valid 300 s)\n']);
  });

  it('is what SMS_SENDER=console makes; http needs its webhook', () => {
    expect(createSmsSender({ smsSender: 'console' })).toHaveProperty('sendVerificationCode');
    expect(
      createSmsSender({ smsSender: 'http', smsWebhookUrl: 'https://sms.example.com/send' }),
    ).toHaveProperty('sendVerificationCode');
    expect(() => createSmsSender({ smsSender: 'http' })).toThrow(/SMS_WEBHOOK_URL/);
  });
});
