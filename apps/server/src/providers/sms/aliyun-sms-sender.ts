import { randomUUID } from 'node:crypto';
import type { AliyunSmsSettings } from '../../config';
import { aliyunPercentEncode, aliyunSignature } from './aliyun-rpc-signature';
import { badSmsReply, isRecord, postToSmsApi, smsApiUrl } from './sms-http-call';
import { SmsProviderError } from './sms-provider-error';
import type { SmsSender } from './sms-sender';
import { templateValue } from './sms-template-params';

export interface AliyunSmsSenderOptions {
  settings: AliyunSmsSettings;
  timeoutMs?: number;
  /** Unix milliseconds; tests pin it. */
  now?: () => number;
  /** The SignatureNonce: unique per request (the API refuses a repeat); tests pin it. */
  nonce?: () => string;
}

/**
 * Alibaba Cloud SMS (Dysmsapi 2017-05-25), SendSms, RPC style: the signed parameters POSTed as a
 * form. The reply is JSON `{ Code, Message, BizId, RequestId }`; `Code: "OK"` is the only success.
 * Business refusals (sign name, template, number) come with HTTP 200, gateway refusals (signature,
 * access key, throttling) with a 4xx; both carry `Code`. `isv.*LIMIT_CONTROL` and `Throttling*`
 * are throttling; everything else is a failure.
 */
export function createAliyunSmsSender({
  settings,
  timeoutMs = 5_000,
  now = Date.now,
  nonce = randomUUID,
}: AliyunSmsSenderOptions): SmsSender {
  const url = smsApiUrl(settings.apiBase);
  return {
    async sendVerificationCode(message) {
      const params: Record<string, string> = {
        AccessKeyId: settings.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: message.mobile,
        RegionId: settings.region,
        SignName: settings.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: nonce(),
        SignatureVersion: '1.0',
        TemplateCode: settings.templateCode,
        TemplateParam: JSON.stringify(
          Object.fromEntries(
            settings.templateParams.map(({ name, value }) => [name, templateValue(value, message)]),
          ),
        ),
        // ISO 8601 in UTC without milliseconds, as the API documents it.
        Timestamp: new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      params.Signature = aliyunSignature('POST', params, settings.accessKeySecret);
      const body = Object.entries(params)
        .map(([name, value]) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(value)}`)
        .join('&');
      const reply = await postToSmsApi(
        'aliyun',
        url,
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
        timeoutMs,
      );
      const code = isRecord(reply.json) ? reply.json.Code : undefined;
      if (typeof code !== 'string' || reply.status >= 500) {
        throw badSmsReply('aliyun', url, reply.status);
      }
      if (code === 'OK' && reply.status >= 200 && reply.status <= 299) return;
      const detail = isRecord(reply.json) ? reply.json.Message : undefined;
      throw new SmsProviderError({
        provider: 'aliyun',
        endpoint: url.host,
        code,
        rateLimited: /^Throttling(\.|$)/.test(code) || /^isv\.\w*LIMIT_CONTROL$/.test(code),
        httpStatus: reply.status,
        message:
          `aliyun sms SendSms refused: ${code}` +
          (typeof detail === 'string' && detail !== '' ? ` (${detail.slice(0, 200)})` : ''),
      });
    },
  };
}
