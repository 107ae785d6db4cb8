import { parseArgs } from 'node:util';

/** Credentials given on the command line; whatever is missing, the demo issues with the CLI. */
export interface GivenCredentials {
  /** A user for /api/my and /api/administrator (`npm run cli -- user:create`). */
  userId?: string;
  apiKey?: string;
  apiSecret?: string;
  adminToken?: string;
  clientKey?: string;
}

export interface DemoOptions {
  baseUrl: string;
  sandboxUrl: string;
  miniprogramApp: string;
  mobileApp: string;
  credentials: GivenCredentials;
  color: boolean;
}

export const DEMO_USAGE = `npm run demo [-- options]

Drives every documented flow of a running wechat-bind server once, through HTTP only, and prints
each request and reply. Start the server first (npm start), then run this in another terminal.

  --base-url <url>        the server (default http://localhost:3000)
  --sandbox-url <url>     the WeChat/DingTalk sandbox (default http://127.0.0.1:4100, the
                          SANDBOX_PORT default; the server's start banner shows its URL)
  --miniprogram-app <id>  auth_app_id of a configured mini-program (default wx0sandbox0miniapp)
  --mobile-app <id>       the WeChat mobile app (WECHAT_MOBILE_APP; default wx0sandbox0mobile0)

Credentials are issued with \`npm run cli\` (same environment, so the same database as the
server), unless given here:
  --user <id>             the user for /api/my and /api/administrator (with --api-key ...)
  --api-key <key> --api-secret <secret>   a Caa key pair of that user
  --admin-token <id|secret>               a personal access token of that user
  --client-key <key>                      a client-app key for /account/wx*
  --no-color              plain output
`;

/** Reads the command line; undefined means "print the usage and stop". */
export function parseDemoOptions(argv: string[]): DemoOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string', default: 'http://localhost:3000' },
      'sandbox-url': { type: 'string', default: 'http://127.0.0.1:4100' },
      'miniprogram-app': { type: 'string', default: 'wx0sandbox0miniapp' },
      'mobile-app': { type: 'string', default: 'wx0sandbox0mobile0' },
      user: { type: 'string' },
      'api-key': { type: 'string' },
      'api-secret': { type: 'string' },
      'admin-token': { type: 'string' },
      'client-key': { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  if (Boolean(values['api-key']) !== Boolean(values['api-secret'])) {
    throw new Error('--api-key and --api-secret go together');
  }
  if ((values['api-key'] || values['admin-token']) && !values.user) {
    throw new Error('--api-key and --admin-token need --user: the user they belong to');
  }
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    baseUrl: trim(values['base-url']),
    sandboxUrl: trim(values['sandbox-url']),
    miniprogramApp: values['miniprogram-app'],
    mobileApp: values['mobile-app'],
    credentials: {
      userId: values.user,
      apiKey: values['api-key'],
      apiSecret: values['api-secret'],
      adminToken: values['admin-token'],
      clientKey: values['client-key'],
    },
    color: !values['no-color'] && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
