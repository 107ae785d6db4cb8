import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';
import { registerAliyunSendSms } from './aliyun-send-sms';
import { registerTencentSendSms } from './tencent-send-sms';

/** sms.tencentcloudapi.com and dysmsapi.aliyuncs.com, each under a path of its own. */
export function registerSmsRoutes(router: Router, state: SandboxState): void {
  registerTencentSendSms(router, state);
  registerAliyunSendSms(router, state);
}

export { ALIYUN_SMS_PATH } from './aliyun-send-sms';
