import type { SendVerifyCodeData } from '@wechat-bind/dto';
import type { MiniProgramContext, RequestOrigin } from './context';
import { miniProgramErrors } from './errors';
import { requireMiniProgramApp } from './mini-program-apps';

export interface SendVerifyCodeInput {
  appId: string;
  openid: string;
  mobile: string;
}

/**
 * POST /accounts/send_verify_code: a 6-digit code for this session and mobile, by SMS. The session
 * comes first (no SMS for someone who only knows an openid), then the limits. Whether the mobile is
 * already bound is deliberately not checked here: that would tell anyone with a session which
 * numbers have accounts; the bind says so, after the code has proven the number is theirs.
 * The code is kept only once the SMS is accepted, so a failed send leaves any earlier code valid.
 */
export async function sendVerifyCode(
  context: MiniProgramContext,
  input: SendVerifyCodeInput,
  origin: RequestOrigin,
): Promise<SendVerifyCodeData> {
  const app = requireMiniProgramApp(context.apps, input.appId);
  await context.sessions.require(app.appId, input.openid);
  const refund = await context.limits.beforeSms({ ip: origin.ip, mobile: input.mobile });

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
    throw miniProgramErrors.smsUnavailable(error);
  }
  await context.codes.save({ appId: app.appId, openid: input.openid, mobile: input.mobile }, code);
  return { expires_in: verifyCodeTtlSeconds, resend_after: smsResendIntervalSeconds };
}
