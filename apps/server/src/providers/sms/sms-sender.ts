/** One verification text message. */
export interface VerificationSms {
  /** Mainland mobile number, 11 digits. */
  mobile: string;
  /** The code in plain text: the one place it exists outside the phone. */
  code: string;
  /** Seconds the code stays valid, for the message wording. */
  expiresIn: number;
}

/**
 * Sends verification codes. Resolves once the message is accepted for delivery; rejects (an
 * UpstreamError with service `sms`) when it is not, so the caller can forget the code.
 */
export interface SmsSender {
  sendVerificationCode(message: VerificationSms): Promise<void>;
}
