import type { Router } from '@koa/router';
import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { endpoint } from '../../http/endpoint';
import { bodyWasUnparsable, jsonObjectBody } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';
import { mainlandMobile } from '../../state/sms-outbox';
import { SmsFault } from './sms-fault';
import { parseTc3Authorization, tc3SignatureMatches } from './tc3-verify';

export const TENCENT_SMS_PATH = '/tencentcloud/sms';

/** How far X-TC-Timestamp may be from the sandbox's clock: five minutes, as Tencent Cloud allows. */
const TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * A refusal of the whole call: HTTP 200 `{ Response: { Error: { Code, Message }, RequestId } }`.
 * Per-number refusals (limits, a malformed number) go in SendStatusSet instead (perNumber).
 */
class TencentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Codes Tencent Cloud reports per number, in SendStatusSet, rather than for the whole call. */
const perNumber = (code: string) =>
  /^LimitExceeded\.PhoneNumber/.test(code) ||
  code === 'LimitExceeded.DeliveryFrequencyLimit' ||
  code === 'InvalidParameterValue.IncorrectPhoneNumber' ||
  code === 'FailedOperation.PhoneNumberInBlacklist';

/**
 * Tencent Cloud SMS API 3.0 SendSms (2021-01-11) at TENCENT_SMS_PATH. Checks, in the API's order:
 * the Authorization header and its signature over the request as received (AuthFailure.*), the
 * action and version, then the body against the account's approved SDK app, sign name and
 * template. Accepted messages are recorded for GET /__control/sms/messages.
 * https://cloud.tencent.com/document/api/382/55981
 */
export function registerTencentSendSms(router: Router, state: SandboxState): void {
  router.post(TENCENT_SMS_PATH, renderTencent(), endpoint(state, TENCENT_SMS_PATH), (ctx) => {
    const account = authenticate(ctx, state);
    if (ctx.get('x-tc-action') !== 'SendSms') {
      throw new TencentError('InvalidAction', 'The requested action is not supported.');
    }
    if (ctx.get('x-tc-version') !== '2021-01-11') {
      throw new TencentError('NoSuchVersion', 'The requested version does not exist.');
    }
    if (!ctx.get('x-tc-region')) {
      throw new TencentError('MissingParameter', 'The request is missing X-TC-Region.');
    }
    const body = jsonObjectBody(ctx);
    if (bodyWasUnparsable(ctx) || !body) {
      throw new TencentError('FailedOperation.FailResolvePacket', 'The body is not JSON.');
    }
    const sdkAppId = text(body.SmsSdkAppId, 'SmsSdkAppId');
    const signName = text(body.SignName, 'SignName');
    const templateId = text(body.TemplateId, 'TemplateId');
    const phoneNumbers = list(body.PhoneNumberSet, 'PhoneNumberSet');
    const params =
      body.TemplateParamSet === undefined ? [] : list(body.TemplateParamSet, 'TemplateParamSet');
    if (account.sdkAppId !== undefined && account.sdkAppId !== sdkAppId) {
      throw new TencentError('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist.');
    }
    if (account.signName !== undefined && account.signName !== signName) {
      throw new TencentError(
        'FailedOperation.SignatureIncorrectOrUnapproved',
        'The signature is not approved or is incorrect.',
      );
    }
    if (account.templateId !== undefined && account.templateId !== templateId) {
      throw new TencentError(
        'FailedOperation.TemplateIncorrectOrUnapproved',
        'The template is not approved or does not match.',
      );
    }

    ctx.body = reply({
      SendStatusSet: phoneNumbers.map((phoneNumber) => {
        const mobile = mainlandMobile(phoneNumber);
        if (!mobile) {
          return status(
            phoneNumber,
            'InvalidParameterValue.IncorrectPhoneNumber',
            'incorrect number',
          );
        }
        state.smsOutbox.record({
          provider: 'tencent',
          account: account.secretId,
          phoneNumber,
          mobile,
          signName,
          template: templateId,
          params,
          sentAt: Date.now(),
        });
        return status(phoneNumber, 'Ok', 'send success');
      }),
    });
  });
}

function authenticate(ctx: Context, state: SandboxState) {
  const authorization = ctx.get('authorization') || undefined;
  const parsed = parseTc3Authorization(authorization);
  if (
    !parsed ||
    !parsed.signedHeaders.includes('host') ||
    !parsed.signedHeaders.includes('content-type')
  ) {
    throw new TencentError(
      'AuthFailure.InvalidAuthorization',
      'Authorization in the request header is invalid.',
    );
  }
  const account = state.smsAccounts.findTencent(parsed.secretId);
  if (!account)
    throw new TencentError('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  const timestamp = ctx.get('x-tc-timestamp');
  const seconds = Number(timestamp);
  const skew = Math.abs(Date.now() / 1000 - seconds);
  const dateOfTimestamp = Number.isInteger(seconds)
    ? new Date(seconds * 1000).toISOString().slice(0, 10)
    : undefined;
  if (
    !/^\d+$/.test(timestamp) ||
    skew > TIMESTAMP_WINDOW_SECONDS ||
    dateOfTimestamp !== parsed.date
  ) {
    throw new TencentError('AuthFailure.SignatureExpire', 'Signature expired.');
  }
  const matches = tc3SignatureMatches(
    {
      authorization,
      headers: ctx.headers,
      method: ctx.method,
      path: ctx.path,
      query: ctx.querystring,
      body: String(ctx.request.rawBody ?? ''),
    },
    parsed,
    account.secretKey,
    timestamp,
  );
  if (!matches || parsed.service !== 'sms') {
    throw new TencentError(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  return account;
}

/** Renders TencentErrors and SMS faults in Tencent Cloud's shape: always HTTP 200. */
function renderTencent(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof SmsFault && perNumber(error.code)) {
        const body = jsonObjectBody(ctx);
        const numbers = Array.isArray(body?.PhoneNumberSet) ? body.PhoneNumberSet : [''];
        ctx.status = 200;
        ctx.body = reply({
          SendStatusSet: numbers.map((n) => status(String(n), error.code, error.message)),
        });
      } else if (error instanceof TencentError || error instanceof SmsFault) {
        ctx.status = 200;
        ctx.body = reply({ Error: { Code: error.code, Message: error.message } });
      } else {
        throw error;
      }
    }
  };
}

const reply = (fields: Record<string, unknown>) => ({
  Response: { ...fields, RequestId: randomUUID() },
});

const status = (phoneNumber: string, code: string, message: string) => ({
  SerialNo: code === 'Ok' ? `2028:${randomUUID().replace(/-/g, '').slice(0, 20)}` : '',
  PhoneNumber: phoneNumber,
  Fee: code === 'Ok' ? 1 : 0,
  SessionContext: '',
  Code: code,
  Message: message,
  IsoCode: 'CN',
});

function text(value: unknown, name: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new TencentError(
    'MissingParameter',
    `The request is missing a required parameter ${name}.`,
  );
}

function list(value: unknown, name: string): string[] {
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    return value as string[];
  }
  throw new TencentError('InvalidParameter', `${name} must be a non-empty array of strings.`);
}
