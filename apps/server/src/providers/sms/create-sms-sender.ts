import type { Config } from '../../config';
import { createAliyunSmsSender } from './aliyun-sms-sender';
import { createConsoleSmsSender } from './console-sms-sender';
import { createHttpSmsSender } from './http-sms-sender';
import type { SmsSender } from './sms-sender';
import { createTencentSmsSender } from './tencent-sms-sender';

/**
 * The sender SMS_SENDER names. Config validation already requires each sender's settings; the
 * checks here only keep a hand-built config from starting a sender without them.
 */
export function createSmsSender(
  config: Pick<Config, 'smsSender' | 'smsWebhookUrl' | 'smsTencent' | 'smsAliyun'>,
): SmsSender {
  switch (config.smsSender) {
    case 'http':
      if (!config.smsWebhookUrl) throw new Error('SMS_SENDER=http needs SMS_WEBHOOK_URL');
      return createHttpSmsSender({ webhookUrl: config.smsWebhookUrl });
    case 'tencent':
      if (!config.smsTencent)
        throw new Error('SMS_SENDER=tencent needs the TENCENT_SMS_* settings');
      return createTencentSmsSender({ settings: config.smsTencent });
    case 'aliyun':
      if (!config.smsAliyun) throw new Error('SMS_SENDER=aliyun needs the ALIYUN_SMS_* settings');
      return createAliyunSmsSender({ settings: config.smsAliyun });
    case 'console':
      return createConsoleSmsSender();
  }
}
