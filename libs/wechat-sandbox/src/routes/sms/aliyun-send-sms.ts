import type { Router } from '@koa/router';
import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { endpoint } from '../../http/endpoint';
import type { SandboxState } from '../../state/sandbox-state';
import { mainlandMobile } from '../../state/sms-outbox';
import { rpcSignatureMatches } from './aliyun-rpc-verify';
import { SmsFault } from './sms-fault';

export const ALIYUN_SMS_PATH = '/aliyun/dysmsapi';

/** Timestamp may be this far from the sandbox's clock, and a nonce is remembered this long. */
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

/** `{ RequestId, Code, Message }` with an HTTP status: 4xx for the gateway, 200 for `isv.*`. */
class AliyunError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Alibaba Cloud SMS (Dysmsapi 2017-05-25) SendSms, RPC style, at ALIYUN_SMS_PATH: parameters in
 * the query and/or a form body. Checks, in the gateway's order: the access key, the signature
 * over every parameter as received, the timestamp and the nonce (single use), the action and
 * version; then, as the SMS service, the sign name, template, TemplateParam and number.
 * https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms
 */
export function registerAliyunSendSms(router: Router, state: SandboxState): void {
  router.all(ALIYUN_SMS_PATH, renderAliyun(), endpoint(state, ALIYUN_SMS_PATH), (ctx) => {
    const params = paramsOf(ctx);
    const accessKeyId = params.AccessKeyId;
    if (!accessKeyId)
      throw new AliyunError(400, 'MissingAccessKeyId', 'AccessKeyId is mandatory for this action.');
    const account = state.smsAccounts.findAliyun(accessKeyId);
    if (!account) {
      throw new AliyunError(
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      );
    }
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
      throw new AliyunError(
        400,
        'InvalidSignatureMethod',
        'Specified signature method is not supported.',
      );
    }
    if (!rpcSignatureMatches(ctx.method, params, account.accessKeySecret)) {
      throw new AliyunError(
        400,
        'SignatureDoesNotMatch',
        'Specified signature does not match our calculation.',
      );
    }
    const at = Date.parse(params.Timestamp ?? '');
    if (
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp ?? '') ||
      Math.abs(Date.now() - at) > TIMESTAMP_WINDOW_MS
    ) {
      throw new AliyunError(
        400,
        'InvalidTimeStamp.Expired',
        'Specified time stamp or date value is expired.',
      );
    }
    const nonce = params.SignatureNonce ?? '';
    if (nonce === '' || state.aliyunNonces.peek(nonce).status !== 'unknown') {
      throw new AliyunError(
        400,
        'SignatureNonceUsed',
        'Specified signature nonce was used already.',
      );
    }
    state.aliyunNonces.put(nonce, true, TIMESTAMP_WINDOW_MS);
    if (params.Action !== 'SendSms') {
      throw new AliyunError(
        404,
        'InvalidAction.NotFound',
        'Specified api is not found, please check your url and method.',
      );
    }
    if (params.Version !== '2017-05-25') {
      throw new AliyunError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    }

    const signName = required(params, 'SignName');
    const templateCode = required(params, 'TemplateCode');
    const phoneNumbers = required(params, 'PhoneNumbers');
    if (account.signName !== undefined && account.signName !== signName) {
      throw new AliyunError(200, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    }
    if (account.templateCode !== undefined && account.templateCode !== templateCode) {
      throw new AliyunError(200, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    }
    const templateParams = templateParamOf(params.TemplateParam);
    const mobiles = phoneNumbers
      .split(',')
      .map((number) => [number, mainlandMobile(number)] as const);
    if (mobiles.some(([, mobile]) => mobile === undefined)) {
      throw new AliyunError(200, 'isv.MOBILE_NUMBER_ILLEGAL', '手机号码格式错误');
    }
    for (const [phoneNumber, mobile] of mobiles) {
      state.smsOutbox.record({
        provider: 'aliyun',
        account: accessKeyId,
        phoneNumber,
        mobile: mobile!,
        signName,
        template: templateCode,
        params: templateParams,
        sentAt: Date.now(),
      });
    }
    ctx.body = {
      Code: 'OK',
      Message: 'OK',
      BizId: `${Date.now()}^0`,
      RequestId: randomUUID().toUpperCase(),
    };
  });
}

/** Query and form parameters together, decoded from the raw bytes (no qs nesting, no coercion). */
function paramsOf(ctx: Context): Record<string, string> {
  const params: Record<string, string> = {};
  const raw = typeof ctx.request.rawBody === 'string' ? ctx.request.rawBody : '';
  for (const source of [new URLSearchParams(ctx.querystring), new URLSearchParams(raw)]) {
    for (const [name, value] of source) params[name] ??= value;
  }
  return params;
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value) return value;
  throw new AliyunError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

function templateParamOf(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    // fall through: the API's own answer for a TemplateParam that is not a JSON object
  }
  throw new AliyunError(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
}

/** Renders AliyunErrors and SMS faults as the RPC gateway does. */
function renderAliyun(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof AliyunError || error instanceof SmsFault) {
        const business = error.code.startsWith('isv.') || error.code.startsWith('isp.');
        ctx.status = error.status ?? (business ? 200 : 400);
        ctx.body = {
          RequestId: randomUUID().toUpperCase(),
          Code: error.code,
          Message: error.message,
          ...(business ? {} : { HostId: 'dysmsapi.aliyuncs.com' }),
        };
      } else {
        throw error;
      }
    }
  };
}
