/**
 * What can go wrong in a call, as the pages need it: a message a user can read, and the few
 * facts a page acts on (the server's status, how long to wait).
 */

/** Messages for failures that never reached the server or got no readable answer from it. */
export const CLIENT_MESSAGES = {
  timeout: '网络超时，请稍后重试',
  network: '网络连接失败，请检查网络后重试',
  badReply: '服务暂时不可用，请稍后重试',
  unknown: '出错了，请稍后重试',
  loginFailed: '微信登录失败，请稍后重试',
  profileDenied: '需要你同意授权才能登录',
} as const;

/**
 * A failure with a message meant for the user: the server's own `status.message` (e.g.
 * `该手机号已绑定`), or one of {@link CLIENT_MESSAGES}.
 */
export class UserFacingError extends Error {
  /** The server's `status.code` (= HTTP status); 0 when the server never answered. */
  readonly status: number;
  /** From `Retry-After` on a 429: seconds until the same call may succeed. */
  readonly retryAfterSeconds?: number;

  constructor(message: string, status = 0, retryAfterSeconds?: number) {
    super(message);
    // DevTools may compile classes to ES5, where extending Error loses the prototype.
    Object.setPrototypeOf(this, UserFacingError.prototype);
    this.name = 'UserFacingError';
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No usable session and none could be renewed without the user: show the sign-in page. */
export class SignInRequiredError extends Error {
  constructor() {
    super('请重新登录');
    Object.setPrototypeOf(this, SignInRequiredError.prototype);
    this.name = 'SignInRequiredError';
  }
}

/** The text to show for any error: the user-facing message, else a generic one. */
export function userMessage(error: unknown): string {
  if (error instanceof UserFacingError || error instanceof SignInRequiredError) {
    return error.message;
  }
  return CLIENT_MESSAGES.unknown;
}
