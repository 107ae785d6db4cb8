import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Umzug, memoryStorage } from 'umzug';
import type { Migrator } from '../store/migrator';
import { migrationNames } from '../store/migrator';
import type { ScratchDatabase } from '../../test/support/scratch-database';
import { createScratchDatabase } from '../../test/support/scratch-database';
import { isEmbeddedDatabase } from '../../test/support/test-context';
import { runMigrateProgram } from './migrate-program';

/** Runs `npm run migrate -- <args>` in-process over the given migrator, capturing its output. */
function migrateCli(migrator: () => Migrator) {
  const state = { opened: 0, closed: 0 };
  const run = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runMigrateProgram(
      {
        openMigrator: async () => {
          state.opened += 1;
          return { migrator: migrator(), close: async () => void (state.closed += 1) };
        },
        out: (text) => (stdout += text),
        err: (text) => (stderr += text),
      },
      args,
    );
    return { code, stdout, stderr };
  };
  return { run, state };
}

describe('npm run migrate', () => {
  // Two stand-in migrations in memory: the program's logic, independent of any database.
  const applied: string[] = [];
  const storage = memoryStorage();
  const fake = () =>
    new Umzug({
      migrations: ['0001-first', '0002-second'].map((name) => ({
        name,
        up: async () => void applied.push(`up ${name}`),
        down: async () => void applied.push(`down ${name}`),
      })),
      context: {},
      storage,
      logger: undefined,
    });

  it('shows status, applies everything, reverts the last one, and re-applies', async () => {
    const { run, state } = migrateCli(fake);
    expect(await run('status')).toEqual({
      code: 0,
      stdout: 'MIGRATION    STATUS\n0001-first   pending\n0002-second  pending\n',
      stderr: '',
    });
    expect(await run()).toEqual({
      code: 0,
      stdout: 'applied 0001-first\napplied 0002-second\n',
      stderr: '',
    });
    expect((await run('up')).stdout).toBe('nothing to apply: the schema is up to date\n');
    expect((await run('down')).stdout).toBe('reverted 0002-second\n');
    expect((await run('status')).stdout).toBe(
      'MIGRATION    STATUS\n0001-first   applied\n0002-second  pending\n',
    );
    expect((await run('down')).stdout).toBe('reverted 0001-first\n');
    expect((await run('down')).stdout).toBe('nothing to revert: no migration is applied\n');
    expect((await run('up')).stdout).toBe('applied 0001-first\napplied 0002-second\n');
    expect(applied).toEqual([
      'up 0001-first',
      'up 0002-second',
      'down 0002-second',
      'down 0001-first',
      'up 0001-first',
      'up 0002-second',
    ]);
    expect(state).toEqual({ opened: 8, closed: 8 });
  });

  it('explains itself without a database, and refuses unknown commands with exit 2', async () => {
    const { run, state } = migrateCli(() => {
      throw new Error('no database in this test');
    });
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run migrate --');
    for (const command of ['up', 'down', 'status']) expect(help.stdout).toContain(command);
    const unknown = await run('stauts');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "error: command-argument value 'stauts' is invalid for argument 'command'. " +
        'Allowed choices are up, down, status.',
    );
    const extra = await run('up', 'down');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('too many arguments');
    expect(state.opened).toBe(0);
  });

  it('exits 1 with the message when the database fails', async () => {
    const { run } = migrateCli(() => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    const result = await run('status');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: connect ECONNREFUSED 127.0.0.1:5432');
  });
});

/** Runs `src/cli/migrate-main.ts` (what `npm run migrate` runs) in a child process. */
function runMigrateMain(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', path.join(__dirname, 'migrate-main.ts'), ...args],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'silent',
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The entry point on an empty database of its own: a new real database when the tests run on
// PostgreSQL, else a fresh embedded data directory, which the child process opens itself.
describe('npm run migrate', () => {
  let scratch: ScratchDatabase | undefined;
  let dataRoot: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-migrate-'));
    if (isEmbeddedDatabase()) {
      env = { PGLITE_DATA_DIR: path.join(dataRoot, 'pglite') };
    } else {
      scratch = await createScratchDatabase();
      env = { DATABASE_URL: scratch.url };
    }
  });
  afterAll(async () => {
    await scratch?.drop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it('applies, reports and reverts the schema', () => {
    const first = migrationNames[0]!;
    const last = migrationNames[migrationNames.length - 1]!;
    expect(runMigrateMain(env, 'status').stdout).toMatch(new RegExp(`${first} +pending`));
    expect(runMigrateMain(env)).toMatchObject({
      code: 0,
      stdout: migrationNames.map((name) => `applied ${name}\n`).join(''),
    });
    expect(runMigrateMain(env, 'status').stdout).toMatch(new RegExp(`${last} +applied`));
    expect(runMigrateMain(env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/nothing/i),
    });
    expect(runMigrateMain(env, 'down')).toMatchObject({ code: 0, stdout: `reverted ${last}\n` });
    expect(runMigrateMain(env, 'status').stdout).toMatch(new RegExp(`${last} +pending`));
  }, 120_000);

  it('refuses an unknown word with exit code 2', () => {
    const result = runMigrateMain(env, 'sideways');
    expect(result.code).toBe(2);
  }, 60_000);
});
