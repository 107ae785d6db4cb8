/**
 * `npm run bench`: the server against a bare baseline, endpoint by endpoint, on loopback. A script,
 * not a test: it prints figures (and writes bench/results.json) rather than asserting timings.
 * docs/performance.md explains the method and records the results.
 */
import { createSandboxControl } from '@wechat-bind/wechat-sandbox';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions } from './bench-options';
import { BENCH_USAGE, parseBenchOptions } from './bench-options';
import { repoRoot } from './child-process';
import type { PhaseResult } from './load';
import { roundShare, runPhase } from './load';
import { BENCH_APPS } from './bench-apps';
import { openBulkSeeder } from './bulk-seed';
import type { EndpointResult, ScaleRow, SizeResult } from './report';
import {
  SCALE_TARGET,
  TARGETS,
  compareSizes,
  describeFailures,
  formatScaleComparison,
  formatTable,
  judge,
  p99Judged,
} from './report';
import type { Side } from './scenarios';
import { defineScenarios } from './scenarios';
import type { Population } from './seed';
import { explainPlans } from './explain';
import { addNewcomers, seedPopulation } from './seed';
import type { StampedeResult } from './stampede';
import { formatStampede, runStampede } from './stampede';
import type { BenchServices, Target } from './services';
import { startServices } from './services';

const resultsFile = path.join(__dirname, 'results.json');
/** Single-use requests sent, unrecorded, before each timed phase of those endpoints. */
const WARMUP_REQUESTS = 300;

const targetsLine = () =>
  `targets: req/s ratio ≥ ${TARGETS.minRatio}, CPU ms/req ≤ ${TARGETS.maxCpuRatio}× the baseline's, ` +
  `server RSS < ${TARGETS.maxRssMb} MB, GET p99 < ${TARGETS.maxP99Ms} ms at ` +
  `${TARGETS.p99Connections} connections (--connections ${TARGETS.p99Connections})`;

interface RunOutcome {
  sizes: SizeResult[];
  stampede?: StampedeResult;
}

/** The scenarios of one size: for each, both sides warmed up, then their alternating rounds. */
async function measure(
  options: BenchOptions,
  services: BenchServices,
  population: Population,
  control: ReturnType<typeof createSandboxControl>,
): Promise<EndpointResult[]> {
  const scenarios = defineScenarios(population, control).filter((scenario) =>
    options.only.includes(scenario.name),
  );
  const live = Boolean(process.stdout.isTTY);
  const results: EndpointResult[] = [];
  for (const scenario of scenarios) {
    console.log(`\n${scenario.title}`);
    const phase = async (target: Target, label: string, count: number, durationSec: number) =>
      runPhase({
        label: `${target.side} ${label}`,
        url: target.url,
        pid: target.child.pid,
        connections: options.connections,
        requests: await scenario.requests(target.side, count),
        exhaust: scenario.exhaust,
        durationSec,
        live,
      });
    const sides = [services.server, services.baseline] as Target[];
    if (options.warmupSec > 0) {
      for (const target of sides)
        await phase(target, 'warm-up', WARMUP_REQUESTS, options.warmupSec);
    }
    // The sides take turns, the first one alternating, so neither always meets the machine in
    // the state the other left it in; the single-use requests are shared among the rounds.
    const rounds: Record<Side, PhaseResult[]> = { server: [], baseline: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      const count = roundShare(options.requests, options.rounds, round);
      const label = options.rounds > 1 ? `timed ${round + 1}/${options.rounds}` : 'timed';
      for (const target of round % 2 === 0 ? sides : [...sides].reverse())
        rounds[target.side].push(
          await phase(target, label, count, options.durationSec / options.rounds),
        );
    }
    const judgeP99 = p99Judged(scenario.title.split(' ')[0]!, options.connections);
    results.push(judge(scenario.name, scenario.title, rounds, judgeP99));
  }
  return results;
}

async function run(options: BenchOptions, services: BenchServices): Promise<RunOutcome> {
  const control = createSandboxControl(services.sandboxUrl);
  const say = (line: string) => console.log(`  ${line}`);
  // Every bind-weixin request is a user's first and only bind: one newcomer per request, warm-up
  // included, for each side (and each size of a scale run).
  const binds = options.only.includes('bind_weixin')
    ? options.requests + (options.warmupSec > 0 ? WARMUP_REQUESTS : 0)
    : 0;
  const population = await seedPopulation({
    size: options.httpUsers,
    newcomersPerSide: binds,
    serverUrl: services.server.url,
    databaseUrl: services.databaseUrl,
    control,
    say,
  });
  const scale = options.populations.length > 1;
  const bulkNeeded = options.populations.some((size) => size > options.httpUsers);
  const bulk = bulkNeeded
    ? await openBulkSeeder({
        databaseUrl: services.databaseUrl,
        appId: BENCH_APPS.miniprogram.appId,
        mobileAfter: population.mobileBase + options.httpUsers,
        say,
      })
    : undefined;
  const sizes: SizeResult[] = [];
  try {
    for (const [index, size] of options.populations.entries()) {
      if (scale) console.log(`\npopulation ${size.toLocaleString('en')}`);
      let seedSec = 0;
      if (bulk && size - options.httpUsers > bulk.seeded) {
        const growth = await bulk.growTo(size - options.httpUsers);
        seedSec = growth.insertSec + growth.analyzeSec;
      }
      if (index > 0) {
        population.newcomers = await addNewcomers({
          perSide: binds,
          round: String(size),
          databaseUrl: services.databaseUrl,
          control,
          say,
        });
      }
      const plans = await explainPlans(services.databaseUrl, say);
      // The set-up sent the server thousands of requests of other kinds (sign-ups, phone binds)
      // that the baseline never serves; a process that has run them spends about a tenth more
      // CPU on the same GETs afterwards (docs/performance.md). Both sides start fresh instead.
      say('restarting the server and the baseline: both begin the measured requests fresh');
      await Promise.all([services.server.restart(), services.baseline.restart()]);
      const results = await measure(options, services, population, control);
      sizes.push({ population: size, bulk: bulk?.seeded ?? 0, seedSec, results, plans });
      if (scale && results.length > 0) {
        console.log(`\npopulation ${size.toLocaleString('en')}:\n\n${formatTable(results)}\n`);
        console.log(targetsLine());
      }
    }
  } finally {
    await bulk?.close();
  }
  const stampede = options.stampede
    ? await runStampede({
        services,
        control,
        users: options.stampedeUsers,
        say,
        live: Boolean(process.stdout.isTTY),
      })
    : undefined;
  return { sizes, stampede };
}

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-bench-'));
  const runId = `${Date.now()}`;
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
  console.log(
    `wechat-bind benchmark: ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, ` +
      `${options.connections} connections; logs in ${runDir}`,
  );
  // The server and the baseline run compiled, as in production; tsc -b is quick when up to date.
  console.log('  compiling the server and the baseline (tsc -b)');
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-b',
        'apps/server/tsconfig.build.json',
        'bench/baseline',
      ],
      { cwd: repoRoot, stdio: 'inherit' },
    );
  } catch {
    // tsc -b still emits JavaScript when a file (a test, say) has a type error.
    if (!fs.existsSync(path.join(repoRoot, 'apps/server/dist/main.js')))
      throw new Error('tsc -b failed');
    console.warn('  tsc -b reported type errors (above); benchmarking the JavaScript it emitted');
  }
  const services = await startServices({
    runDir,
    runId,
    cpuProf: options.cpuProf,
  });
  console.log(
    `  store: ${services.mode === 'real' ? 'real PostgreSQL and ' + (process.env.REDIS_URL ? 'real Redis' : 'the in-process Redis stand-in') : 'embedded PGlite (own process) and the in-process Redis stand-in'}`,
  );
  let outcome: RunOutcome;
  try {
    outcome = await run(options, services);
  } finally {
    await services.stop();
  }

  const { sizes, stampede } = outcome;
  // The figures of the last size (the only one unless --populations).
  const results = sizes.at(-1)?.results ?? [];
  // A scale run has printed each size's table as it finished.
  if (results.length > 0 && sizes.length === 1) {
    console.log(`\n${formatTable(results)}\n`);
    console.log(targetsLine());
  }
  for (const size of sizes) {
    const at = sizes.length > 1 ? ` (population ${size.population.toLocaleString('en')})` : '';
    for (const line of describeFailures(size.results)) console.log(`  non-2xx${at}: ${line}`);
  }
  let scale: { sizes: SizeResult[]; comparison: ScaleRow[] } | undefined;
  if (sizes.length > 1) {
    const comparison = compareSizes(sizes);
    scale = { sizes, comparison };
    console.log(
      `\nScale: p99 and CPU ms/req at each size, relative to ${sizes[0]!.population.toLocaleString('en')} ` +
        `(target ≤ ${SCALE_TARGET}× for the server)\n`,
    );
    console.log(
      sizes
        .filter((size) => size.seedSec > 0)
        .map(
          (size) =>
            `  ${size.population.toLocaleString('en')}: ${size.bulk.toLocaleString('en')} people in bulk, ` +
            `this size's seeding ${size.seedSec.toFixed(1)} s`,
        )
        .join('\n'),
    );
    console.log(`\n${formatScaleComparison(sizes, comparison)}\n`);
  } else if (sizes[0] && sizes[0].seedSec > 0) {
    console.log(
      `  bulk seeding: ${sizes[0].bulk.toLocaleString('en')} people in ${sizes[0].seedSec.toFixed(1)} s`,
    );
  }
  if (stampede) console.log(`\n${formatStampede(stampede)}\n`);
  fs.writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        mode: services.mode,
        machine,
        options,
        results,
        plans: sizes.at(-1)?.plans,
        ...(scale ? { scale } : {}),
        ...(stampede ? { stampede } : {}),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written: ${path.relative(process.cwd(), resultsFile)}`);
  if (options.cpuProf) {
    const profiles = fs.readdirSync(runDir).filter((file) => file.endsWith('.cpuprofile'));
    for (const file of profiles) console.log(`CPU profile: ${path.join(runDir, file)}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
