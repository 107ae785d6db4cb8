import { randomBytes } from 'node:crypto';

/**
 * The apps and secrets of a benchmark run. They exist only in the sandbox the benchmark starts;
 * the server under test and the baseline both get them, so both sign, seal and verify alike.
 */
export const BENCH_APPS = {
  miniprogram: { appId: 'wx0bench0miniapp', secret: 'bench-miniprogram-secret' },
  mobile: { appId: 'wx0bench0mobileapp', secret: 'bench-mobile-secret' },
  web: {
    appId: 'wx0bench0website',
    secret: 'bench-website-secret',
    redirectUri: 'http://127.0.0.1/#/binding/wechat',
  },
  dingtalk: {
    clientId: 'dingbenchclient',
    clientSecret: 'bench-dingtalk-secret',
    redirectUri: 'http://127.0.0.1/#/binding/dingtalk',
  },
};

/**
 * Drawn afresh for each run, as production requires of its own: the server runs with
 * NODE_ENV=production against a real store, and refuses a published value there.
 */
export const BENCH_SECRETS = {
  jwtSecret: randomBytes(32).toString('base64url'),
  dataKey: randomBytes(32).toString('base64'),
};
