import { WECHAT_ERRCODES } from '../../providers/wechat/errcodes';
import { UpstreamError } from '../../providers/http/upstream-error';
import type { MiniProgramFailure } from './errors';
import { MiniProgramError } from './errors';

const E = WECHAT_ERRCODES;

type Refusal = Exclude<MiniProgramFailure, 'too_many_requests' | 'undecryptable'>;

/** What a WeChat errcode means for the user, per call; anything else is WeChat being unavailable. */
const code2SessionRefusals: Record<number, Refusal> = {
  [E.invalidCode]: 'js_code_invalid',
  [E.codeUsed]: 'js_code_used',
  [E.riskyUser]: 'risky_user',
  [E.rateLimited]: 'wechat_rate_limited',
};

const phoneNumberRefusals: Record<number, Refusal> = {
  [E.invalidCode]: 'phone_code_invalid',
  [E.rateLimited]: 'wechat_rate_limited',
};

/**
 * A failed WeChat call in the flow's terms. Errcodes about the user's input are refusals of that
 * input; the rest (busy after the retry, timeouts, our own app misconfigured: invalidAppid,
 * invalidAppSecret) are `wechat_unavailable`, with the UpstreamError, which carries no secrets,
 * as the cause.
 */
function translate(error: unknown, refusals: Record<number, Refusal>): unknown {
  if (!(error instanceof UpstreamError)) return error;
  const refusal =
    error.failure === 'api_error' && typeof error.code === 'number'
      ? refusals[error.code]
      : undefined;
  return new MiniProgramError(refusal ?? 'wechat_unavailable', { cause: error });
}

export const translateCode2SessionFailure = (error: unknown) =>
  translate(error, code2SessionRefusals);

export const translatePhoneNumberFailure = (error: unknown) =>
  translate(error, phoneNumberRefusals);
