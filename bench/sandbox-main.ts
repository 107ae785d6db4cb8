/**
 * The sandbox in a process of its own, so that standing in for WeChat costs neither the server
 * under test nor the load generator any CPU. Prints `SANDBOX_URL=<url>` once listening.
 */
import { startSandbox } from '@wechat-bind/wechat-sandbox';
import { BENCH_APPS } from './bench-apps';

async function main(): Promise<void> {
  const { miniprogram, mobile, web, dingtalk } = BENCH_APPS;
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    apps: {
      wechat: [miniprogram, mobile, web].map(({ appId, secret }) => ({ appid: appId, secret })),
      dingtalk: [{ clientId: dingtalk.clientId, clientSecret: dingtalk.clientSecret }],
    },
  });
  console.log(`SANDBOX_URL=${sandbox.url}`);
  process.once('SIGTERM', () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
