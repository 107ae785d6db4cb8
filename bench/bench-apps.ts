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

export const BENCH_SECRETS = {
  jwtSecret: 'benchmark-jwt-secret-of-at-least-32-characters',
  dataKey: Buffer.alloc(32, 11).toString('base64'),
};
