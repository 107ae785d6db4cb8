import { createHmac } from 'node:crypto';

/**
 * WeChat's "user login state signature": hmac_sha256 keyed with the session_key *text* (not its
 * base64-decoded bytes), over the POST body, or over "" for GET requests. Lower-case hex.
 * https://developers.weixin.qq.com/minigame/en/dev/tutorial/open-ability/http-signature.html
 */
export function loginStateSignature(sessionKey: string, postData: string): string {
  return createHmac('sha256', Buffer.from(sessionKey, 'utf8'))
    .update(postData, 'utf8')
    .digest('hex');
}

/**
 * The `signature` parameter of `GET /wxa/checksession`: hmac_sha256(session_key, ""), which lets
 * the server ask WeChat whether a stored session_key is still valid without sending the key.
 * https://developers.weixin.qq.com/miniprogram/dev/server/API/user-login/api_checksessionkey
 */
export function sessionKeySignature(sessionKey: string): string {
  return loginStateSignature(sessionKey, '');
}
