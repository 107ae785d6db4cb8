import { randomBytes } from 'node:crypto';

/**
 * Cloud SMS accounts the stand-ins know: the key pair each request must be signed with, and,
 * when given, the one SDK app, sign name and template the account has had approved (anything
 * else is refused the way the provider refuses an unapproved one). Omitted: any value goes.
 */
export interface TencentSmsAccountInput {
  secretId: string;
  /** Generated when omitted; the reply carries it. */
  secretKey?: string;
  sdkAppId?: string;
  signName?: string;
  templateId?: string;
}
export type TencentSmsAccount = TencentSmsAccountInput & { secretKey: string };

export interface AliyunSmsAccountInput {
  accessKeyId: string;
  /** Generated when omitted; the reply carries it. */
  accessKeySecret?: string;
  signName?: string;
  templateCode?: string;
}
export type AliyunSmsAccount = AliyunSmsAccountInput & { accessKeySecret: string };

const newSecret = () => randomBytes(24).toString('base64url');

export class SmsAccounts {
  private readonly tencent = new Map<string, TencentSmsAccount>();
  private readonly aliyun = new Map<string, AliyunSmsAccount>();

  registerTencent(input: TencentSmsAccountInput): TencentSmsAccount {
    const account = { ...input, secretKey: input.secretKey ?? newSecret() };
    this.tencent.set(account.secretId, account);
    return account;
  }

  registerAliyun(input: AliyunSmsAccountInput): AliyunSmsAccount {
    const account = { ...input, accessKeySecret: input.accessKeySecret ?? newSecret() };
    this.aliyun.set(account.accessKeyId, account);
    return account;
  }

  findTencent(secretId: string): TencentSmsAccount | undefined {
    return this.tencent.get(secretId);
  }

  findAliyun(accessKeyId: string): AliyunSmsAccount | undefined {
    return this.aliyun.get(accessKeyId);
  }

  clear(): void {
    this.tencent.clear();
    this.aliyun.clear();
  }
}
