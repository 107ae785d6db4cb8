import type { SendVerifyCodeData } from '@wechat-bind/dto';
import type { MiniProgramContext, RequestOrigin } from './context';
import { MiniProgramError } from './errors';
import { requireMiniProgramApp } from './mini-program-apps';
import { isSmsRateLimited } from '../../providers/sms/sms-provider-error';
import { requireSession } from './session-proof';

export interface SendVerifyCodeInput {
  appId: string;
  openid: string;
  mobile: string;
  /** wxa_authorize's proof that the caller holds this openid (session-proof.ts). */
  sessionToken: string | undefined;
  /** For the operator's challenge hook, if one is installed (sms-challenge.ts). */
  challenge?: string;
}

/**
 * POST /accounts/send_verify_code: a 6-digit code for this session and mobile, by SMS. The proof of
 * the session comes first (no SMS for someone who only knows an openid), then the operator's
 * challenge, if any, then the limits, all keyed on what the caller proved. Whether the mobile is
 * already bound is deliberately not checked here: that would tell anyone with a session which
 * numbers have accounts; the bind says so, after the code has proven the number is theirs.
 * The code is kept only once the SMS is accepted, so a failed send leaves any earlier code valid.
 */
export async function sendVerifyCode(
  context: MiniProgramContext,
  input: SendVerifyCodeInput,
  origin: RequestOrigin,
): Promise<SendVerifyCodeData> {
  const app = await requireMiniProgramApp(context.apps, input.appId);
  await requireSession(
    context,
    { appId: app.appId, openid: input.openid, sessionToken: input.sessionToken },
    origin,
  );
  await context.smsChallenge.check({
    appId: app.appId,
    openid: input.openid,
    mobile: input.mobile,
    ip: origin.ip,
    userAgent: origin.userAgent,
    answer: input.challenge,
  });
  const refund = await context.limits.beforeSms({
    ip: origin.ip,
    appId: app.appId,
    openid: input.openid,
    mobile: input.mobile,
  });

  const { verifyCodeTtlSeconds, smsResendIntervalSeconds } = context.settings;
  const code = context.codes.generate();
  try {
    await context.sms.sendVerificationCode({
      mobile: input.mobile,
      code,
      expiresIn: verifyCodeTtlSeconds,
    });
  } catch (error) {
    // Not the user's fault: let them ask again at once.
    await refund();
    // The provider throttling this number or the account is a limit (try later), not an outage.
    throw isSmsRateLimited(error)
      ? new MiniProgramError('too_many_requests', {
          limit: 'sms_provider',
          retryAfterMs: smsResendIntervalSeconds * 1000,
          cause: error,
        })
      : new MiniProgramError('sms_unavailable', { cause: error });
  }
  await context.codes.save({ appId: app.appId, openid: input.openid, mobile: input.mobile }, code);
  return { expires_in: verifyCodeTtlSeconds, resend_after: smsResendIntervalSeconds };
}
