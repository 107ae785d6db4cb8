import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { BENCH_APPS } from './bench-apps';
import { mapLimit } from './concurrency';
import { formatMs } from './latencies';
import type { PhaseResult } from './load';
import { runPhase } from './load';
import type { Side } from './scenarios';
import { authorizeBody } from './seed';
import type { BenchServices, Target } from './services';

/** How long the sandbox takes to answer each code2session during the stampede. */
export const STAMPEDE_CODE2SESSION_MS = 50;
const CODE2SESSION = '/sns/jscode2session';

/** Log lines that say the database pool ran dry. */
const ACQUIRE_TIMEOUT = /ConnectionAcquireTimeoutError/;
const POOL = /\bpool\b/i;

export interface StampedeSide {
  phase: PhaseResult;
  /** 503 replies: what the server answers when it cannot get a database connection in time. */
  status503: number;
  /**
   * Requests that got neither a reply nor an error: their connection was closed unanswered, as
   * the server does to connections past its MAX_CONNECTIONS (default 1000). autocannon counts them
   * nowhere, so they are the users less the replies and errors.
   */
  noReply: number;
  /** Lines of the process's log written during the phase that mention each. */
  log: {
    acquireTimeout: number;
    pool: number;
    sample?: string;
    /** Errors logged (level error and above), by error code and message: what the 5xx were. */
    errors: Record<string, number>;
  };
  /** Of the stampede's openids, how many the database holds afterwards. */
  openidsRecorded: number;
}

export interface StampedeResult {
  users: number;
  code2sessionMs: number;
  /** What each side's users were when they arrived (the baseline serves returning users only). */
  arrivals: Record<Side, string>;
  server: StampedeSide;
  baseline: StampedeSide;
}

const newOpenid = () => `o${randomBytes(20).toString('base64url')}`;

/**
 * `users` distinct WeChat users for `side`, new to WeChat's sandbox, each with a known openid in
 * the bench mini-program. For the baseline their identities are recorded first, as an earlier
 * sign-in through the server would have left them (an account with no user, and the openid): the
 * baseline implements only a returning user's wxa_authorize and answers 500 for an unknown openid.
 */
async function prepareUsers(
  control: SandboxControl,
  databaseUrl: string,
  side: Side,
  users: number,
): Promise<Array<{ unionid: string; openid: string }>> {
  const appid = BENCH_APPS.miniprogram.appId;
  const people = await mapLimit(
    Array.from({ length: users }, (_, index) => index),
    32,
    async (index) => {
      const openid = newOpenid();
      const person = await control.registerWechatUser({
        nickname: `stampede-${side}-${index}`,
        avatar: `https://example.com/stampede/${side}/${index}.png`,
        gender: 1,
        openids: { [appid]: openid },
      });
      return { unionid: person.unionid, openid };
    },
  );
  if (side === 'baseline') {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        `WITH s AS MATERIALIZED (
           SELECT gen_random_uuid() AS id, u.unionid, u.openid, u.ord
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u (unionid, openid, ord)
         ), accounts AS (
           INSERT INTO external_accounts (id, provider, account_key, union_id, nickname, avatar, gender)
           SELECT id, 'wechat', unionid, unionid, 'stampede-baseline-' || (ord - 1),
                  'https://example.com/stampede/baseline/' || (ord - 1) || '.png', 'male'
             FROM s
         )
         INSERT INTO external_openids (provider, app_id, open_id, external_account_id)
         SELECT 'wechat', $3, openid, id FROM s`,
        [people.map((p) => p.unionid), people.map((p) => p.openid), appid],
      );
    } finally {
      await client.end();
    }
  }
  return people;
}

async function countOpenids(databaseUrl: string, openids: string[]): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM external_openids
        WHERE provider = 'wechat' AND app_id = $1 AND open_id = ANY($2::text[])`,
      [BENCH_APPS.miniprogram.appId, openids],
    );
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

/** The lines a log gained since `offset` that match each pattern, and its errors by kind. */
function scanLog(file: string, offset: number): StampedeSide['log'] {
  const text = fs.readFileSync(file).subarray(offset).toString('utf8');
  let acquireTimeout = 0;
  let pool = 0;
  let sample: string | undefined;
  const errors: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const acquire = ACQUIRE_TIMEOUT.test(line);
    const mentionsPool = POOL.test(line);
    if (acquire) acquireTimeout += 1;
    if (mentionsPool) pool += 1;
    if ((acquire || mentionsPool) && !sample) sample = line.slice(0, 400);
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        errorCode?: string;
        err?: { message?: string };
      };
      // The request line of a 5xx is at error level too; the error itself has its own line.
      if ((entry.level ?? 0) < 50 || entry.msg === 'request') continue;
      const kind = `${entry.errorCode ?? 'error'}: ${(entry.err?.message ?? '').slice(0, 70)}`;
      errors[kind] = (errors[kind] ?? 0) + 1;
    } catch {
      // not a JSON line
    }
  }
  return { acquireTimeout, pool, sample, errors };
}

/**
 * The stampede: `users` first-time POST /accounts/wxa_authorize of distinct new WeChat users,
 * all at once (one connection each, one request each), while the sandbox takes
 * STAMPEDE_CODE2SESSION_MS over every code2session. The server then records each identity (an
 * account and an openid, in a transaction) with 10 database connections. Server first, then the
 * baseline, each with users of its own.
 */
export async function runStampede({
  services,
  control,
  users,
  say,
  live,
}: {
  services: BenchServices;
  control: SandboxControl;
  users: number;
  say: (line: string) => void;
  live: boolean;
}): Promise<StampedeResult> {
  const sides: Partial<Record<Side, StampedeSide>> = {};
  for (const target of [services.server, services.baseline] as Target[]) {
    say(`set-up: ${users} new WeChat users for the ${target.side}'s stampede`);
    const people = await prepareUsers(control, services.databaseUrl, target.side, users);
    const requests = await mapLimit(people, 32, async (person) => ({
      method: 'POST',
      path: '/accounts/wxa_authorize',
      headers: { 'content-type': 'application/json' },
      body: await authorizeBody(control, person.unionid),
    }));
    // Every call, however many: `times` is far above what one phase sends; cleared right after.
    await control.addFault({
      endpoint: CODE2SESSION,
      kind: 'delay',
      delayMs: STAMPEDE_CODE2SESSION_MS,
      times: 1_000_000_000,
    });
    const logOffset = fs.statSync(target.child.logFile).size;
    let phase: PhaseResult;
    try {
      phase = await runPhase({
        label: `${target.side} stampede`,
        url: target.url,
        pid: target.child.pid,
        connections: users,
        requests,
        exhaust: true,
        durationSec: 0,
        live,
      });
    } finally {
      await control.clearFaults(CODE2SESSION);
    }
    // Let the process finish writing its log lines before they are read.
    await sleep(500);
    sides[target.side] = {
      phase,
      status503: phase.statusCodes['503'] ?? 0,
      noReply: Math.max(0, users - phase.requests - phase.errors),
      log: scanLog(target.child.logFile, logOffset),
      openidsRecorded: await countOpenids(
        services.databaseUrl,
        people.map((person) => person.openid),
      ),
    };
  }
  return {
    users,
    code2sessionMs: STAMPEDE_CODE2SESSION_MS,
    arrivals: {
      server: 'first sign-in: no account, no openid',
      baseline: 'returning, unbound: account and openid recorded beforehand',
    },
    server: sides.server!,
    baseline: sides.baseline!,
  };
}

/** The stampede's figures, as printed after the main table (a Markdown table and notes). */
export function formatStampede(result: StampedeResult): string {
  const statuses = (phase: PhaseResult) =>
    Object.entries(phase.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${count}× ${code}`)
      .join(', ') || '-';
  const lines = [
    `Stampede: ${result.users} distinct WeChat users at once per side, POST /accounts/wxa_authorize, ` +
      `${result.users} connections, one request each, code2session ${result.code2sessionMs} ms`,
    '',
    '| side | arrivals | 2xx | non-2xx by status | errors | no reply | p50 ms | p99 ms | max ms | 503s | log: acquire timeouts | log: "pool" | openids recorded |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const side of ['server', 'baseline'] as const) {
    const { phase, status503, noReply, log, openidsRecorded } = result[side];
    lines.push(
      `| ${side} | ${result.arrivals[side]} | ${phase.requests - phase.non2xx} | ${statuses(phase)} | ` +
        `${phase.errors} | ${noReply} | ${formatMs(phase.p50Ms)} | ${formatMs(phase.p99Ms)} | ${formatMs(phase.maxMs)} | ${status503} | ` +
        `${log.acquireTimeout} | ${log.pool} | ${openidsRecorded} |`,
    );
  }
  lines.push(
    '',
    'Latencies are of the replies. "no reply": connections closed unanswered (the server holds at',
    'most MAX_CONNECTIONS, default 1000, at once).',
  );
  for (const side of ['server', 'baseline'] as const) {
    const { sample, errors } = result[side].log;
    const kinds = Object.entries(errors).sort(([, a], [, b]) => b - a);
    if (kinds.length > 0) {
      lines.push(`  ${side} log, errors during the phase:`);
      for (const [kind, count] of kinds) lines.push(`    ${count}× ${kind}`);
    }
    if (sample) lines.push(`  ${side} log, first pool line: ${sample}`);
  }
  return lines.join('\n');
}
