import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createSandboxApp } from './app';
import { configProblem, type SandboxConfig } from './config';
import type { SandboxLogger } from './http/request-log';
import type {
  DingtalkAppInput,
  DingtalkUserInput,
  WechatAppInput,
  WechatUserInput,
  WecomAppInput,
  WecomUserInput,
} from './control/types';
import { SandboxState } from './state/sandbox-state';
import type { AliyunSmsAccountInput, TencentSmsAccountInput } from './state/sms-accounts';

export interface SandboxOptions extends Partial<SandboxConfig> {
  /** 0 (the default) picks a free port; read the result from `url`. */
  port?: number;
  /** Loopback by default: the sandbox hands out tokens to anyone who asks. */
  host?: string;
  /** Apps (and cloud SMS accounts) registered at start, and again after every reset. */
  apps?: {
    wechat?: WechatAppInput[];
    dingtalk?: DingtalkAppInput[];
    wecom?: WecomAppInput[];
    tencentSms?: TencentSmsAccountInput[];
    aliyunSms?: AliyunSmsAccountInput[];
  };
  /** Users registered at start, and again after every reset. */
  users?: { wechat?: WechatUserInput[]; dingtalk?: DingtalkUserInput[]; wecom?: WecomUserInput[] };
  /** One line per request (path only, never the query). Silent when omitted. */
  logger?: SandboxLogger;
}

export interface RunningSandbox {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41235. */
  url: string;
  /** The in-memory state, for in-process tests that want to look or reach inside. */
  state: SandboxState;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', apps = {}, users = {}, logger, ...config } = options;
  const problem = configProblem(config);
  if (problem !== undefined) throw new TypeError(problem);

  const state = new SandboxState(config, {
    wechatApps: apps.wechat,
    dingtalkApps: apps.dingtalk,
    wechatUsers: users.wechat,
    dingtalkUsers: users.dingtalk,
    wecomApps: apps.wecom,
    wecomUsers: users.wecom,
    tencentSmsAccounts: apps.tencentSms,
    aliyunSmsAccounts: apps.aliyunSms,
  });
  const server = createSandboxApp(state, logger).listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (fetch keeps them) and requests held by delay faults would
        // otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}
