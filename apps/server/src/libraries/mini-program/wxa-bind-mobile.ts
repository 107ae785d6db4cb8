import type { WxaSessionData } from '@wechat-bind/dto';
import { fetchPhoneNumber } from '../../providers/wechat/phone-number';
import { bindMobile } from './bind-mobile';
import type { MiniProgramContext, RequestOrigin } from './context';
import { miniProgramErrors } from './errors';
import { requireMiniProgramApp } from './mini-program-apps';
import { sessionData } from './session-data';
import { translatePhoneNumberFailure } from './wechat-failures';

const mainlandMobile = /^1[3-9]\d{9}$/;

export type WxaBindMobileInput = { appId: string; openid: string } & (
  { mobile: string; verifyCode: string } | { phoneCode: string }
);

/**
 * POST /accounts/wxa_bind_mobile. The openid needs a live wxa_authorize session (401 otherwise),
 * then the mobile is proven, by the SMS code or by WeChat's getPhoneNumber code, under a per-IP
 * limit on checks, and bound (bind-mobile.ts). The reply signs the user in.
 */
export async function wxaBindMobile(
  context: MiniProgramContext,
  input: WxaBindMobileInput,
  origin: RequestOrigin,
): Promise<WxaSessionData> {
  const app = requireMiniProgramApp(context.apps, input.appId);
  const session = await context.sessions.require(app.appId, input.openid);
  await context.limits.beforeCodeCheck({ ip: origin.ip });

  let mobile: string;
  if ('phoneCode' in input) {
    mobile = await resolvePhoneCode(context, app.appId, input.phoneCode);
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
  const issued = context.tokens.issue({ userId: user.id, appId: app.appId, openid: input.openid });
  return sessionData(user, account, input.openid, issued);
}

/** getuserphonenumber with the app's cached access token; mainland numbers only, as with SMS. */
async function resolvePhoneCode(
  context: MiniProgramContext,
  appId: string,
  phoneCode: string,
): Promise<string> {
  let phone;
  try {
    phone = await context.accessTokens.withToken(appId, (accessToken) =>
      fetchPhoneNumber(context.wechat, { accessToken, code: phoneCode }),
    );
  } catch (error) {
    throw translatePhoneNumberFailure(error);
  }
  if (phone.countryCode !== '86' || !mainlandMobile.test(phone.purePhoneNumber)) {
    throw miniProgramErrors.phoneNotMainland();
  }
  return phone.purePhoneNumber;
}
