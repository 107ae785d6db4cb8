import type { TencentSmsSettings } from '../../config';
import { badSmsReply, isRecord, postToSmsApi, smsApiUrl } from './sms-http-call';
import { SmsProviderError } from './sms-provider-error';
import type { SmsSender } from './sms-sender';
import { templateValue } from './sms-template-params';
import { tc3Authorization } from './tencent-tc3-signature';

export interface TencentSmsSenderOptions {
  settings: TencentSmsSettings;
  timeoutMs?: number;
  /** Unix milliseconds; tests pin it. */
  now?: () => number;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Tencent Cloud SMS API 3.0, SendSms (version 2021-01-11), signed with TC3-HMAC-SHA256. Errors
 * come back as HTTP 200: `Response.Error` for the call (signature, credentials, throttling) or a
 * per-number `SendStatusSet[].Code` other than `Ok` (template, sign name, number limits).
 * `LimitExceeded.*` and `RequestLimitExceeded*` are throttling; everything else is a failure.
 */
export function createTencentSmsSender({
  settings,
  timeoutMs = 5_000,
  now = Date.now,
}: TencentSmsSenderOptions): SmsSender {
  const url = smsApiUrl(settings.apiBase);
  return {
    async sendVerificationCode(message) {
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${message.mobile}`],
        SmsSdkAppId: settings.sdkAppId,
        SignName: settings.signName,
        TemplateId: settings.templateId,
        TemplateParamSet: settings.templateParams.map((value) => templateValue(value, message)),
      });
      const timestamp = Math.floor(now() / 1000);
      const authorization = tc3Authorization({
        secretId: settings.secretId,
        secretKey: settings.secretKey,
        service: 'sms',
        host: url.host,
        contentType: CONTENT_TYPE,
        payload,
        timestamp,
        path: url.pathname,
      });
      const reply = await postToSmsApi(
        'tencent',
        url,
        {
          headers: {
            authorization,
            'content-type': CONTENT_TYPE,
            'x-tc-action': 'SendSms',
            'x-tc-version': '2021-01-11',
            'x-tc-timestamp': String(timestamp),
            'x-tc-region': settings.region,
          },
          body: payload,
        },
        timeoutMs,
      );
      const response = isRecord(reply.json) ? reply.json.Response : undefined;
      if (reply.status < 200 || reply.status > 299 || !isRecord(response)) {
        throw badSmsReply('tencent', url, reply.status);
      }
      const refusal = refusalOf(response);
      if (refusal === 'ok') return;
      if (refusal === undefined) throw badSmsReply('tencent', url, reply.status);
      throw new SmsProviderError({
        provider: 'tencent',
        endpoint: url.host,
        code: refusal.code,
        rateLimited: /^(LimitExceeded|RequestLimitExceeded)(\.|$)/.test(refusal.code),
        httpStatus: reply.status,
        message: `tencent sms SendSms refused: ${refusal.code}${refusal.detail ? ` (${refusal.detail})` : ''}`,
      });
    },
  };
}

/** `ok`, the refusal, or undefined when the reply is not the documented shape. */
function refusalOf(
  response: Record<string, unknown>,
): 'ok' | { code: string; detail?: string } | undefined {
  const error = response.Error;
  if (isRecord(error)) {
    return typeof error.Code === 'string'
      ? { code: error.Code, detail: textOf(error.Message) }
      : undefined;
  }
  const statuses = response.SendStatusSet;
  if (!Array.isArray(statuses) || statuses.length !== 1 || !isRecord(statuses[0])) {
    return undefined;
  }
  const status = statuses[0];
  if (typeof status.Code !== 'string') return undefined;
  return status.Code === 'Ok' ? 'ok' : { code: status.Code, detail: textOf(status.Message) };
}

/** Provider wording for the log, bounded: it names the fault, never our request. */
const textOf = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value.slice(0, 200) : undefined;
