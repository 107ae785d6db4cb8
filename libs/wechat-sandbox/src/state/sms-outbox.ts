/** One text message a stand-in accepted: what the phone would receive, and from which account. */
export interface SentSms {
  provider: 'tencent' | 'aliyun';
  /** The account's SecretId or AccessKeyId. */
  account: string;
  /** The number as the request gave it (Tencent: `+86…`). */
  phoneNumber: string;
  /** The 11-digit mainland number, for tests to look messages up by. */
  mobile: string;
  signName: string;
  /** Tencent's TemplateId or Alibaba Cloud's TemplateCode. */
  template: string;
  /** Tencent: TemplateParamSet in order; Alibaba Cloud: TemplateParam's object. */
  params: string[] | Record<string, string>;
  /** Unix milliseconds. */
  sentAt: number;
}

/** The messages accepted since the last reset, oldest first. */
export class SmsOutbox {
  private messages: SentSms[] = [];

  record(message: SentSms): void {
    this.messages.push(message);
  }

  list(provider?: SentSms['provider']): SentSms[] {
    return this.messages.filter((m) => provider === undefined || m.provider === provider);
  }

  clear(): void {
    this.messages = [];
  }
}

/** A mainland number in any of the forms providers accept (+86…, 0086…, 86…, bare), or undefined. */
export function mainlandMobile(phoneNumber: string): string | undefined {
  const match = /^(?:\+86|0086|86)?(1\d{10})$/.exec(phoneNumber);
  return match?.[1];
}
