import type { WxaSessionData } from '@wechat-bind/dto';
import { fetchPhoneNumber } from '../../providers/wechat/phone-number';
import { bindMobile } from './bind-mobile';
import type { MiniProgramContext, RequestOrigin } from './context';
import { MiniProgramError } from './errors';
import { requireMiniProgramApp } from './mini-program-apps';
import { sessionData } from './session-data';
import { requireSession } from './session-proof';
import { translatePhoneNumberFailure } from './wechat-failures';

const mainlandMobile = /^1[3-9]\d{9}$/;

export type WxaBindMobileInput = {
  appId: string;
  openid: string;
  /** wxa_authorize's proof that the caller holds this openid (session-proof.ts). */
  sessionToken: string | undefined;
} & ({ mobile: string; verifyCode: string } | { phoneCode: string });

/**
 * POST /accounts/wxa_bind_mobile. The caller proves its wxa_authorize session with the
 * session_token (`authorize_first` otherwise), then the mobile is proven, by the SMS code or by WeChat's
 * getPhoneNumber code, under a per-IP limit on checks, and bound (bind-mobile.ts). A successful
 * bind ends the session, so its token cannot bind again; the reply signs the user in.
 */
export async function wxaBindMobile(
  context: MiniProgramContext,
  input: WxaBindMobileInput,
  origin: RequestOrigin,
): Promise<WxaSessionData> {
  const app = await requireMiniProgramApp(context.apps, input.appId);
  const session = await requireSession(
    context,
    { appId: app.appId, openid: input.openid, sessionToken: input.sessionToken },
    origin,
  );
  await context.limits.beforeCodeCheck({ ip: origin.ip });

  let mobile: string;
  if ('phoneCode' in input) {
    mobile = await resolvePhoneCode(context, app.appId, input.openid, input.phoneCode);
  } else {
    mobile = input.mobile;
    await context.codes.consume(
      { appId: app.appId, openid: input.openid, mobile },
      input.verifyCode,
    );
  }

  const { user, account } = await bindMobile(context.sequelize, context.models, {
    accountId: session.accountId,
    appId: app.appId,
    openid: input.openid,
    mobile,
    via: 'phoneCode' in input ? 'phone_code' : 'verify_code',
    ...origin,
  });
  await context.sessions.end(app.appId, input.openid);
  const issued = context.tokens.issue({
    userId: user.id,
    appId: app.appId,
    openid: input.openid,
    boundAt: account.boundAt!,
  });
  return sessionData(user, account, input.openid, issued);
}

/** getuserphonenumber with the app's cached access token; mainland numbers only, as with SMS. */
async function resolvePhoneCode(
  context: MiniProgramContext,
  appId: string,
  openid: string,
  phoneCode: string,
): Promise<string> {
  let phone;
  try {
    phone = await context.accessTokens.withToken(appId, (accessToken) =>
      // With the openid, WeChat checks that the code was issued to this session's user.
      fetchPhoneNumber(context.wechat, { accessToken, code: phoneCode, openid }),
    );
  } catch (error) {
    throw translatePhoneNumberFailure(error);
  }
  if (phone.countryCode !== '86' || !mainlandMobile.test(phone.purePhoneNumber)) {
    throw new MiniProgramError('phone_not_mainland');
  }
  return phone.purePhoneNumber;
}
