import type { Config } from '../../config';
import { createConsoleSmsSender } from './console-sms-sender';
import { createHttpSmsSender } from './http-sms-sender';
import type { SmsSender } from './sms-sender';

/** The sender SMS_SENDER names. Config validation already requires SMS_WEBHOOK_URL for `http`. */
export function createSmsSender(config: Pick<Config, 'smsSender' | 'smsWebhookUrl'>): SmsSender {
  if (config.smsSender === 'http') {
    if (!config.smsWebhookUrl) throw new Error('SMS_SENDER=http needs SMS_WEBHOOK_URL');
    return createHttpSmsSender({ webhookUrl: config.smsWebhookUrl });
  }
  return createConsoleSmsSender();
}
