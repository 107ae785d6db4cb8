/**
 * Measures how long `npm start` takes, with no settings at all, to answer GET /readyz with 200:
 * once on a fresh data directory (embedded PostgreSQL is created and migrated) and then on later
 * starts that reuse it. Prints the figures; exits non-zero when a start fails.
 *
 *   npm run measure:start [-- --runs 3]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const laterRuns = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const port = 3900 + Math.floor(Math.random() * 90);

async function readyWithin(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function timeOneStart(dataDir: string): Promise<number> {
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      SANDBOX_PORT: '0',
      PGLITE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
    detached: true,
  });
  const ok = await readyWithin(`http://127.0.0.1:${port}/readyz`, started + 60_000);
  const elapsed = Date.now() - started;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  if (!ok) throw new Error('the server did not become ready within 60 s');
  return elapsed;
}

async function main(): Promise<void> {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-start-'));
  const dataDir = path.join(dataRoot, 'pglite');
  try {
    console.log(`measuring \`npm start\` to GET /readyz 200 (port ${port}, data in ${dataDir})`);
    const first = await timeOneStart(dataDir);
    console.log(`  first start (fresh data directory): ${(first / 1000).toFixed(2)} s`);
    const later: number[] = [];
    for (let run = 1; run <= laterRuns; run += 1) {
      later.push(await timeOneStart(dataDir));
      console.log(`  later start #${run}: ${(later.at(-1)! / 1000).toFixed(2)} s`);
    }
    const worst = Math.max(...later);
    console.log(
      `\nfirst ${(first / 1000).toFixed(2)} s (target < 20 s); later starts worst ${(worst / 1000).toFixed(2)} s (target < 5 s)`,
    );
  } finally {
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
