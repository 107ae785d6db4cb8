import { newRequestId } from '../state/ids';

/**
 * A DingTalk (api.dingtalk.com v1.0) refusal. Unlike WeChat, DingTalk uses HTTP status codes and a
 * `{ code, message, requestid }` body, with `code` a string such as "InvalidAuthentication".
 */
export class DingtalkError extends Error {
  override readonly name = 'DingtalkError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields DingTalk adds to some errors, e.g. `accessdenieddetail`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return { code: this.code, requestid: newRequestId(), message: this.message, ...this.extra };
  }
}
