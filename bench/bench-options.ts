import { parseArgs } from 'node:util';

export const SCENARIO_NAMES = [
  'wxa_authorize',
  'bind_weixin',
  'account_wx',
  'oauth_bindings',
  'accounts_me',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The opt-in scenario: `--only stampede` (it needs thousands of fresh users per side). */
export const STAMPEDE = 'stampede';

/** The largest data set `--population` and `--populations` accept. */
export const MAX_POPULATION = 1_000_000;

export interface BenchOptions {
  connections: number;
  /** Timed seconds per side of the endpoints that can repeat a request (the GETs), all rounds. */
  durationSec: number;
  /**
   * Timed phases per side and endpoint, the two sides taking turns (server first, then baseline
   * first, ...): the figures are their totals, so a slow moment of the machine falls on both.
   */
  rounds: number;
  /** Seconds of unrecorded load before each timed phase. */
  warmupSec: number;
  /** Requests made ahead per side for the endpoints whose requests are single use. */
  requests: number;
  /**
   * Signed-in WeChat users (and users of ours) the data set holds; bind-weixin has its own. The
   * first size when `populations` has several.
   */
  population: number;
  /**
   * The data set sizes to measure at, ascending: `[population]`, or `--populations` (a scale run:
   * the data set grows between sizes, on the same tables).
   */
  populations: number[];
  /**
   * People made through the HTTP flow (the ones the scenarios send requests for), at most the
   * first size; the rest of each size is seeded in bulk with SQL.
   */
  httpUsers: number;
  only: ScenarioName[];
  /** The stampede scenario, after the others. */
  stampede: boolean;
  /** Distinct new WeChat users per side in the stampede, all at once. */
  stampedeUsers: number;
  cpuProf: boolean;
}

export const BENCH_USAGE = `npm run bench [-- options]

Loads each hot endpoint of the server and of a bare baseline (Koa + raw pg/ioredis doing the same
SQL, Redis and upstream calls) with autocannon on loopback, prints a table and writes
bench/results.json. Real PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (a scratch
database is created on that server and dropped afterwards), embedded ones otherwise.

  --connections <n>   concurrent connections (default 32)
  --duration <s>      timed seconds per side of each GET endpoint, shared among the rounds
                      (default 12)
  --rounds <n>        timed phases per side and endpoint, the sides taking turns and the first
                      side alternating (default 4); the table shows their totals, the worst p99
  --warmup <s>        unrecorded load before each timed phase (default 3; 0 for none; the
                      single-use endpoints warm up with 300 requests instead)
  --requests <n>      requests made ahead per side for wxa_authorize and bind-weixin, shared among
                      the rounds (default 4000)
  --population <n>    signed-in users in the data set (default 500, at most ${MAX_POPULATION.toLocaleString('en')});
                      bind-weixin gets users of its own, one per request (warm-up included) and side
  --http-users <n>    of those, how many sign in and bind their phones through the server (default
                      2000, at most the population): the people the scenarios send requests for.
                      The rest are seeded in bulk with SQL as the server would have written them
  --populations <a,b> a scale run: the same scenarios at each size (ascending, e.g.
                      1000,100000,1000000), the data set grown between sizes; a table per size,
                      then p99 and CPU ms/req relative to the first size (instead of --population)
  --only <a,b>        some of: ${SCENARIO_NAMES.join(', ')}, ${STAMPEDE}
                      (${STAMPEDE} is opt-in: never part of the default run)
  --stampede-users <n> the stampede: first-time wxa_authorize of n distinct new WeChat users at
                      once, n connections, one request each, code2session answering in 50 ms
                      (default 2000 per side)
  --cpu-prof          write V8 CPU profiles of the server and the baseline (node --cpu-prof) into the
                      run folder, as server.cpuprofile and baseline.cpuprofile
`;

export function parseBenchOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      connections: { type: 'string', default: '32' },
      duration: { type: 'string', default: '12' },
      rounds: { type: 'string', default: '4' },
      warmup: { type: 'string', default: '3' },
      requests: { type: 'string', default: '4000' },
      population: { type: 'string' },
      populations: { type: 'string' },
      'http-users': { type: 'string', default: '2000' },
      only: { type: 'string' },
      'stampede-users': { type: 'string', default: '2000' },
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
  const size = (name: string, text: string) => {
    const value = positive(name, text.replaceAll('_', ''));
    if (value > MAX_POPULATION)
      throw new Error(`--${name}: at most ${MAX_POPULATION.toLocaleString('en')} users`);
    return value;
  };
  if (values.population !== undefined && values.populations !== undefined)
    throw new Error('--population and --populations: give one of them');
  const populations = values.populations
    ? values.populations.split(',').map((text) => size('populations', text))
    : [size('population', values.population ?? '500')];
  for (let index = 1; index < populations.length; index += 1) {
    if (populations[index]! <= populations[index - 1]!)
      throw new Error('--populations must be ascending: the data set only grows');
  }
  let stampede = false;
  const only = values.only
    ? values.only.split(',').flatMap((name) => {
        if (name === STAMPEDE) {
          stampede = true;
          return [];
        }
        if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
          throw new Error(
            `--only: unknown endpoint ${name}; one of ${SCENARIO_NAMES.join(', ')}, ${STAMPEDE}`,
          );
        }
        return [name as ScenarioName];
      })
    : [...SCENARIO_NAMES];
  const rounds = positive('rounds', values.rounds);
  const requests = positive('requests', values.requests);
  if (requests < rounds)
    throw new Error('--requests must be at least --rounds: every round sends some of them');
  return {
    connections: positive('connections', values.connections),
    durationSec: positive('duration', values.duration),
    rounds,
    warmupSec: Number(values.warmup),
    requests,
    population: populations[0]!,
    populations,
    httpUsers: Math.min(positive('http-users', values['http-users']), populations[0]!),
    only,
    stampede,
    stampedeUsers: positive('stampede-users', values['stampede-users']),
    cpuProf: values['cpu-prof'],
  };
}
