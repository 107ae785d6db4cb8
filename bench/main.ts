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
import { runPhase } from './load';
import type { EndpointResult } from './report';
import { TARGETS, describeFailures, formatTable, judge } from './report';
import type { Side } from './scenarios';
import { defineScenarios } from './scenarios';
import { seedPopulation } from './seed';
import type { BenchServices, Target } from './services';
import { startServices } from './services';

const resultsFile = path.join(__dirname, 'results.json');
/** Single-use requests sent, unrecorded, before each timed phase of those endpoints. */
const WARMUP_REQUESTS = 300;

async function run(options: BenchOptions, services: BenchServices): Promise<EndpointResult[]> {
  const control = createSandboxControl(services.sandboxUrl);
  // Every bind-weixin request is a user's first and only bind: one newcomer per request, warm-up
  // included, for each side.
  const binds = options.only.includes('bind_weixin')
    ? options.requests + (options.warmupSec > 0 ? WARMUP_REQUESTS : 0)
    : 0;
  const population = await seedPopulation({
    size: options.population,
    newcomersPerSide: binds,
    serverUrl: services.server.url,
    databaseUrl: services.databaseUrl,
    control,
    say: (line) => console.log(`  ${line}`),
  });
  const scenarios = defineScenarios(population, control).filter((scenario) =>
    options.only.includes(scenario.name),
  );
  const live = Boolean(process.stdout.isTTY);
  const results: EndpointResult[] = [];
  for (const scenario of scenarios) {
    console.log(`\n${scenario.title}`);
    const phases: Partial<Record<Side, Awaited<ReturnType<typeof runPhase>>>> = {};
    for (const target of [services.server, services.baseline] as Target[]) {
      const phase = async (label: string, count: number, durationSec: number) =>
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
      if (options.warmupSec > 0) await phase('warm-up', WARMUP_REQUESTS, options.warmupSec);
      phases[target.side] = await phase('timed', options.requests, options.durationSec);
    }
    results.push(judge(scenario.name, scenario.title, phases.server!, phases.baseline!));
  }
  return results;
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
  const services = await startServices({ runDir, runId, cpuProf: options.cpuProf });
  console.log(
    `  store: ${services.mode === 'real' ? 'real PostgreSQL and ' + (process.env.REDIS_URL ? 'real Redis' : 'the in-process Redis stand-in') : 'embedded PGlite (own process) and the in-process Redis stand-in'}`,
  );
  let results: EndpointResult[];
  try {
    results = await run(options, services);
  } finally {
    await services.stop();
  }

  console.log(`\n${formatTable(results)}\n`);
  console.log(
    `targets: ratio ≥ ${TARGETS.minRatio}, p99 < ${TARGETS.maxP99Ms} ms, server RSS < ${TARGETS.maxRssMb} MB`,
  );
  for (const line of describeFailures(results)) console.log(`  non-2xx: ${line}`);
  fs.writeFileSync(
    resultsFile,
    `${JSON.stringify({ date: new Date().toISOString(), mode: services.mode, machine, options, results }, null, 2)}\n`,
  );
  console.log(`written: ${path.relative(process.cwd(), resultsFile)}`);
  if (options.cpuProf) {
    const profiles = fs.readdirSync(runDir).filter((file) => file.endsWith('.cpuprofile'));
    for (const file of profiles)
      console.log(`CPU profile of the server: ${path.join(runDir, file)}`);
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
