import type {
  AccountsMeData,
  SendVerifyCodeData,
  SendVerifyCodeRequest,
  WxaAuthorizeData,
  WxaAuthorizeRequest,
  WxaBindMobileRequest,
  WxaSessionData,
} from '@wechat-bind/dto';
import { request } from './request';
import type { UpdateMeRequest } from './request';

/** One function per `/accounts/*` endpoint (docs/mini-program.md). Pages use these, never wx.request. */

/** `POST /accounts/wxa_authorize`: a returning user comes back `bound: true` with a token. */
export const wxaAuthorize = (body: WxaAuthorizeRequest): Promise<WxaAuthorizeData> =>
  request('wxaAuthorize', body);

/** `POST /accounts/send_verify_code`: texts a code to the mobile; says when to allow a resend. */
export const sendVerifyCode = (body: SendVerifyCodeRequest): Promise<SendVerifyCodeData> =>
  request('sendVerifyCode', body);

/** `POST /accounts/wxa_bind_mobile`, with `mobile` + `verify_code` or with `phone_code`. */
export const wxaBindMobile = (body: WxaBindMobileRequest): Promise<WxaSessionData> =>
  request('wxaBindMobile', body);

/** `GET /accounts/me`: the user the token belongs to. */
export const getMe = (token: string): Promise<AccountsMeData> =>
  request('me', undefined, { token });

/** `PUT /accounts/me`: saves the nickname the user typed; answers the user as `GET /accounts/me`. */
export const updateMe = (token: string, body: UpdateMeRequest): Promise<AccountsMeData> =>
  request('updateMe', body, { token });
