/** What a challenge hook sees of a send_verify_code request that proved its session. */
export interface SmsChallengeRequest {
  appId: string;
  openid: string;
  mobile: string;
  ip: string;
  userAgent?: string;
  /** The request's `challenge` field as the client sent it (a CAPTCHA answer, say), if any. */
  answer?: string;
}

/**
 * A check an operator can put in front of every SMS, such as a CAPTCHA: it runs after the session
 * is proven and before any send limit is spent, so a request that fails it costs the requester's
 * allowance nothing. To refuse, throw `new MiniProgramError('challenge_failed')` (errors.ts), which
 * the /accounts dialect answers 403 `请先完成安全验证`; anything else thrown is a 500.
 */
export interface SmsChallenge {
  check(request: SmsChallengeRequest): Promise<void>;
}

/** The default: no challenge, every request that proved its session goes on to the limits. */
export const noSmsChallenge: SmsChallenge = {
  check: async () => undefined,
};
