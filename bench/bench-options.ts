import { parseArgs } from 'node:util';

export const SCENARIO_NAMES = [
  'wxa_authorize',
  'bind_weixin',
  'account_wx',
  'oauth_bindings',
  'accounts_me',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  connections: number;
  /** Seconds of each timed phase of the endpoints that can repeat a request (the GETs). */
  durationSec: number;
  /** Seconds of unrecorded load before each timed phase. */
  warmupSec: number;
  /** Requests made ahead per side for the endpoints whose requests are single use. */
  requests: number;
  /** Signed-in WeChat users (and users of ours) the data set holds; bind-weixin has its own. */
  population: number;
  only: ScenarioName[];
  cpuProf: boolean;
}

export const BENCH_USAGE = `npm run bench [-- options]

Loads each hot endpoint of the server and of a bare baseline (Koa + raw pg/ioredis doing the same
SQL, Redis and upstream calls) with autocannon on loopback, prints a table and writes
bench/results.json. Real PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (a scratch
database is created on that server and dropped afterwards), embedded ones otherwise.

  --connections <n>   concurrent connections (default 32)
  --duration <s>      timed phase of the GET endpoints (default 10)
  --warmup <s>        unrecorded load before each timed phase (default 3; 0 for none; the
                      single-use endpoints warm up with 300 requests instead)
  --requests <n>      requests made ahead per side for wxa_authorize and bind-weixin (default 4000)
  --population <n>    signed-in users in the data set (default 500); bind-weixin gets users of
                      its own, one per request (warm-up included) and side
  --only <a,b>        some of: ${SCENARIO_NAMES.join(', ')}
  --cpu-prof          write a V8 CPU profile of the server (node --cpu-prof) into the run folder
`;

export function parseBenchOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      connections: { type: 'string', default: '32' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      requests: { type: 'string', default: '4000' },
      population: { type: 'string', default: '500' },
      only: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  const only = values.only
    ? values.only.split(',').map((name) => {
        if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
          throw new Error(`--only: unknown endpoint ${name}; one of ${SCENARIO_NAMES.join(', ')}`);
        }
        return name as ScenarioName;
      })
    : [...SCENARIO_NAMES];
  return {
    connections: positive('connections', values.connections),
    durationSec: positive('duration', values.duration),
    warmupSec: Number(values.warmup),
    requests: positive('requests', values.requests),
    population: positive('population', values.population),
    only,
    cpuProf: values['cpu-prof'],
  };
}
