import Redis from 'ioredis';
import path from 'node:path';
import { Client } from 'pg';
import { BENCH_APPS, BENCH_SECRETS } from './bench-apps';
import type { NodeChild } from './child-process';
import { freePort, repoRoot, startNodeChild, waitForHttp, waitForLine } from './child-process';

export type StoreMode = 'real' | 'embedded';

/**
 * The memory settings docs/deployment.md recommends (NODE_OPTIONS), for both processes alike. Without
 * a heap limit V8 sizes its heap from the host's memory and collects lazily: on a 24 GB host the
 * server's RSS then peaks near 280 MB under load although its live heap stays under 50 MB. With the
 * limit alone V8 keeps a small young generation, so the objects of requests still in flight
 * outlive it and fill the old one.
 */
const NODE_MEMORY_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=16'];

/** Node flags for one side from the environment (BENCH_SERVER_NODE_ARGS, BENCH_BASELINE_NODE_ARGS). */
function diagnosticArgs(variable: string): string[] {
  return process.env[variable]?.split(' ').filter(Boolean) ?? [];
}

interface TargetSpec {
  side: 'server' | 'baseline';
  url: string;
  script: string;
  cwd?: string;
  nodeArgs: string[];
  env: Record<string, string | undefined>;
}

/** One process under load: the server or the baseline. */
export interface Target extends TargetSpec {
  child: NodeChild;
  /**
   * Stops the process and starts it afresh on the same port, so that it begins the measured
   * requests as the other side does: having served nothing else.
   */
  restart(): Promise<void>;
}

async function startTarget(spec: TargetSpec, logDir: string): Promise<Target> {
  const launch = async () => {
    const child = startNodeChild({ name: spec.side, ...spec, logDir });
    await waitForHttp(child, `${spec.url}/readyz`).catch(async (error: unknown) => {
      await child.stop();
      throw error;
    });
    return child;
  };
  const target: Target = {
    ...spec,
    child: await launch(),
    async restart() {
      await target.child.stop();
      target.child = await launch();
    },
  };
  return target;
}

export interface BenchServices {
  mode: StoreMode;
  sandboxUrl: string;
  /** The database both the server and the baseline use (the set-up writes to it too). */
  databaseUrl: string;
  server: Target;
  baseline: Target;
  /** Where the children's logs (and CPU profiles) are. */
  runDir: string;
  stop(): Promise<void>;
}

interface Store {
  databaseUrl: string;
  redisUrl?: string;
  close(): Promise<void>;
}

/**
 * On a real PostgreSQL, a database of the run's own (created, migrated by the server, dropped
 * afterwards), so the benchmark neither reads nor pollutes the data DATABASE_URL points at. If the
 * role may not create databases, DATABASE_URL itself is used, and said so.
 */
async function openRealStore(
  databaseUrl: string,
  redisUrl: string | undefined,
  runId: string,
): Promise<Store> {
  const name = `wechat_bind_bench_${runId}`;
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    console.warn(
      `  could not create a scratch database (${(error as Error).message}); using DATABASE_URL itself`,
    );
    await admin.end();
    return { databaseUrl, redisUrl, close: async () => undefined };
  }
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    redisUrl,
    async close() {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Deletes every key of this run from a real Redis (they would expire anyway, within hours). */
async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startServices({
  runDir,
  runId,
  cpuProf,
}: {
  runDir: string;
  runId: string;
  cpuProf: boolean;
}): Promise<BenchServices> {
  // Each side's profile is named after it, so the two can be compared function by function.
  const cpuProfArgs = (side: string) => [
    '--cpu-prof',
    `--cpu-prof-dir=${runDir}`,
    `--cpu-prof-name=${side}.cpuprofile`,
  ];
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const close of closers.reverse())
      await close().catch((error) => console.warn(`  cleanup: ${error}`));
  };
  try {
    const sandbox = startNodeChild({
      name: 'sandbox',
      script: path.join(__dirname, 'sandbox-main.ts'),
      env: {},
      logDir: runDir,
    });
    closers.push(() => sandbox.stop());
    const sandboxUrl = await waitForLine(sandbox, 'SANDBOX_URL');

    const mode: StoreMode = process.env.DATABASE_URL ? 'real' : 'embedded';
    let store: Store;
    if (process.env.DATABASE_URL) {
      store = await openRealStore(process.env.DATABASE_URL, process.env.REDIS_URL, runId);
    } else {
      const postgres = startNodeChild({
        name: 'embedded-postgres',
        script: path.join(__dirname, 'embedded-postgres-main.ts'),
        env: {},
        logDir: runDir,
      });
      const databaseUrl = await waitForLine(postgres, 'DATABASE_URL', 120_000);
      store = {
        databaseUrl,
        redisUrl: process.env.REDIS_URL,
        close: async () => {
          await postgres.stop();
        },
      };
    }
    closers.push(() => store.close());
    const redisPrefix = `wechat-bind-bench:${runId}:`;
    if (store.redisUrl) closers.push(() => deleteKeys(store.redisUrl!, redisPrefix));

    const common = {
      DATABASE_URL: store.databaseUrl,
      DATABASE_POOL_MAX: '10',
      REDIS_URL: store.redisUrl,
      WECHAT_API_BASE: sandboxUrl,
      JWT_SECRET: BENCH_SECRETS.jwtSecret,
      DATA_KEY: BENCH_SECRETS.dataKey,
    };

    const serverPort = await freePort();
    const server = await startTarget(
      {
        side: 'server',
        url: `http://127.0.0.1:${serverPort}`,
        // As production runs it (npm run start:prod): compiled, without tsx's loader in memory.
        script: path.join(repoRoot, 'apps/server/dist/main.js'),
        cwd: path.join(repoRoot, 'apps/server'),
        nodeArgs: [
          ...NODE_MEMORY_FLAGS,
          ...(cpuProf ? cpuProfArgs('server') : []),
          // Diagnostics, e.g. BENCH_SERVER_NODE_ARGS=--trace-gc (docs/performance.md).
          ...diagnosticArgs('BENCH_SERVER_NODE_ARGS'),
        ],
        env: {
          ...common,
          ...productionSettings(mode === 'real' && store.redisUrl !== undefined, sandboxUrl),
          HOST: '127.0.0.1',
          PORT: String(serverPort),
          // What a deployment logs: one line per request. BENCH_LOG_LEVEL=debug adds the SQL.
          LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
          REDIS_KEY_PREFIX: `${redisPrefix}server:`,
          DINGTALK_API_BASE: sandboxUrl,
          WECHAT_CONNECT_BASE: sandboxUrl,
          DINGTALK_LOGIN_BASE: sandboxUrl,
          WECHAT_MINIPROGRAM_APPS: JSON.stringify([BENCH_APPS.miniprogram]),
          WECHAT_MOBILE_APP: JSON.stringify(BENCH_APPS.mobile),
          WECHAT_WEB_APP: JSON.stringify(BENCH_APPS.web),
          DINGTALK_APP: JSON.stringify(BENCH_APPS.dingtalk),
          // The stampede opens 2,000 connections at once; the default cap would refuse half of them.
          MAX_CONNECTIONS: '4000',
          // Every request of the benchmark comes from 127.0.0.1: per-IP limits would stop the set-up.
          SMS_HOURLY_LIMIT_PER_IP: '100000000',
          WXA_BIND_HOURLY_LIMIT_PER_IP: '100000000',
        },
      },
      runDir,
    );
    closers.push(() => server.child.stop());

    const baselinePort = await freePort();
    // BENCH_AGAINST_DIR: another build of the server (a folder holding its dist/) takes the
    // baseline's place, to compare two versions of the server in one run (docs/performance.md).
    const againstDir = process.env.BENCH_AGAINST_DIR;
    const baseline = await startTarget(
      againstDir
        ? {
            side: 'baseline',
            url: `http://127.0.0.1:${baselinePort}`,
            script: path.join(againstDir, 'dist/main.js'),
            cwd: path.join(repoRoot, 'apps/server'),
            nodeArgs: [...NODE_MEMORY_FLAGS, ...(cpuProf ? cpuProfArgs('baseline') : [])],
            env: {
              ...server.env,
              PORT: String(baselinePort),
              REDIS_KEY_PREFIX: `${redisPrefix}against:`,
            },
          }
        : {
            side: 'baseline',
            url: `http://127.0.0.1:${baselinePort}`,
            script: path.join(__dirname, 'baseline/dist/main.js'),
            nodeArgs: [
              ...NODE_MEMORY_FLAGS,
              ...(cpuProf ? cpuProfArgs('baseline') : []),
              ...diagnosticArgs('BENCH_BASELINE_NODE_ARGS'),
            ],
            env: {
              ...common,
              PORT: String(baselinePort),
              REDIS_KEY_PREFIX: `${redisPrefix}baseline:`,
              BENCH_MINIPROGRAM_APP: JSON.stringify(BENCH_APPS.miniprogram),
              BENCH_MOBILE_APP_ID: BENCH_APPS.mobile.appId,
            },
          },
      runDir,
    );
    closers.push(() => baseline.child.stop());

    return {
      mode,
      sandboxUrl,
      databaseUrl: store.databaseUrl,
      server,
      baseline,
      runDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * On a real store (PostgreSQL and Redis) the server runs as production does: NODE_ENV=production, so replies are not
 * checked against their schemas and the docs are off. Production requires a real Redis and an SMS
 * sender, so the embedded run stays in development (and checks every reply, which costs it CPU:
 * docs/performance.md). The benchmark binds phones with WeChat's phone button and sends no SMS; the
 * webhook is named only because production requires one.
 */
function productionSettings(realStore: boolean, sandboxUrl: string): Record<string, string> {
  if (!realStore) return {};
  return {
    NODE_ENV: 'production',
    SMS_SENDER: 'http',
    SMS_WEBHOOK_URL: `${sandboxUrl}/bench/sms-is-never-sent`,
  };
}
