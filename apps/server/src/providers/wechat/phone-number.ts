import Joi from 'joi';
import type { WechatApi } from './wechat-api';

/** `phone_info` of POST /wxa/business/getuserphonenumber, as this server uses it. */
export interface PhoneInfo {
  /** With the country code for numbers outside mainland China. */
  phoneNumber: string;
  /** Without the country code. */
  purePhoneNumber: string;
  /** Digits without `+`: `86` for mainland China. Always text here, however WeChat sent it. */
  countryCode: string;
}

/**
 * WeChat documents `countryCode` as a string, but its own example shows `"countryCode": 86` and
 * real replies carry either, so a number is accepted and read as its decimal text.
 */
const countryCode = Joi.alternatives().try(Joi.string(), Joi.number().integer().min(0)).required();

const schema = Joi.object<{
  phone_info: Omit<PhoneInfo, 'countryCode'> & { countryCode: string | number };
}>({
  phone_info: Joi.object({
    phoneNumber: Joi.string().required(),
    purePhoneNumber: Joi.string().required(),
    countryCode,
  }).required(),
});

/**
 * getPhoneNumber: the code from a `<button open-type="getPhoneNumber">` → the user's phone. The
 * code is single use; a bad, used or expired one is errcode 40029. The user's `openid` goes with
 * the code, so WeChat checks that the code was issued to that user and a code taken from someone
 * else's session is refused. Needs the app's access token, which WeChat may refuse (40001, 40014,
 * 42001): the caller refreshes it and tries again.
 */
export async function fetchPhoneNumber(
  wechat: WechatApi,
  { accessToken, code, openid }: { accessToken: string; code: string; openid: string },
): Promise<PhoneInfo> {
  const reply = await wechat({
    path: '/wxa/business/getuserphonenumber',
    method: 'POST',
    query: { access_token: accessToken },
    body: { code, openid },
    schema,
  });
  const { phoneNumber, purePhoneNumber } = reply.phone_info;
  return { phoneNumber, purePhoneNumber, countryCode: String(reply.phone_info.countryCode) };
}
