import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/** `phone_info` of POST /wxa/business/getuserphonenumber. */
export interface PhoneInfo {
  /** With the country code for numbers outside mainland China. */
  phoneNumber: string;
  /** Without the country code. */
  purePhoneNumber: string;
  countryCode: string;
}

const schema = Joi.object<{ phone_info: PhoneInfo }>({
  phone_info: Joi.object<PhoneInfo>({
    phoneNumber: Joi.string().required(),
    purePhoneNumber: Joi.string().required(),
    countryCode: Joi.string().required(),
  }).required(),
});

/**
 * getPhoneNumber: the code from a `<button open-type="getPhoneNumber">` → the user's phone. The
 * code is single use; a bad, used or expired one is errcode 40029. Needs the app's access token,
 * which WeChat may refuse (40001, 42001): the caller refreshes it and tries again.
 */
export async function fetchPhoneNumber(
  wechat: WechatApi,
  { accessToken, code }: { accessToken: string; code: string },
): Promise<PhoneInfo> {
  const reply = await wechat({
    path: '/wxa/business/getuserphonenumber',
    method: 'POST',
    query: { access_token: accessToken },
    body: { code },
    schema,
  });
  return reply.phone_info;
}
