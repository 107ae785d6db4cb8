import type { RequestError } from '../../errors/request-error';
import { UpstreamError } from '../../providers/http/upstream-error';
import { miniProgramErrors } from './errors';

type Refusal = (cause: unknown) => RequestError;

/** What a WeChat errcode means for the user, per call; anything else is WeChat being unavailable. */
const code2SessionRefusals: Record<number, Refusal> = {
  40029: miniProgramErrors.jsCodeInvalid,
  40163: miniProgramErrors.jsCodeUsed,
  40226: miniProgramErrors.riskyUser,
  45011: miniProgramErrors.wechatRateLimited,
};

const phoneNumberRefusals: Record<number, Refusal> = {
  40029: miniProgramErrors.phoneCodeInvalid,
  45011: miniProgramErrors.wechatRateLimited,
};

/**
 * Words a failed WeChat call for the client. Errcodes about the user's input become 4xx; the rest
 * (busy after the retry, timeouts, our own app misconfigured: 40013, 40125) are 502 and, like every
 * 5xx, logged with the UpstreamError as the cause, which carries no secrets.
 */
function translate(error: unknown, refusals: Record<number, Refusal>): unknown {
  if (!(error instanceof UpstreamError)) return error;
  const refusal =
    error.failure === 'api_error' && typeof error.code === 'number'
      ? refusals[error.code]
      : undefined;
  return refusal ? refusal(error) : miniProgramErrors.wechatUnavailable(error);
}

export const translateCode2SessionFailure = (error: unknown) =>
  translate(error, code2SessionRefusals);

export const translatePhoneNumberFailure = (error: unknown) =>
  translate(error, phoneNumberRefusals);
