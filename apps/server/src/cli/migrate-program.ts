import { Argument, Command } from 'commander';
import type { Migrator } from '../store/migrator';
import { formatTable } from './format-table';
import { EXIT_OK, reportFailure } from './report-failure';

export interface MigrateDeps {
  /** Opened only when a command runs, so `--help` needs no database. */
  openMigrator(): Promise<{ migrator: Migrator; close(): Promise<void> }>;
  out(text: string): void;
  err(text: string): void;
}

type Print = (line: string) => void;

const actions = {
  async up(migrator: Migrator, print: Print) {
    const applied = await migrator.up();
    if (applied.length === 0) print('nothing to apply: the schema is up to date');
    for (const migration of applied) print(`applied ${migration.name}`);
  },
  async down(migrator: Migrator, print: Print) {
    const reverted = await migrator.down();
    if (reverted.length === 0) print('nothing to revert: no migration is applied');
    for (const migration of reverted) print(`reverted ${migration.name}`);
  },
  async status(migrator: Migrator, print: Print) {
    const executed = await migrator.executed();
    const pending = await migrator.pending();
    const rows = [
      ...executed.map((migration) => [migration.name, 'applied']),
      ...pending.map((migration) => [migration.name, 'pending']),
    ];
    for (const line of formatTable(['MIGRATION', 'STATUS'], rows, 'no migrations')) print(line);
  },
};

type MigrateCommand = keyof typeof actions;

/**
 * `npm run migrate [-- up|down|status]`. The command is one argument with fixed choices rather
 * than commander subcommands: a subcommand marked default would swallow a typo such as `stauts`
 * as its own extra argument, where a choice list names the allowed words.
 */
export function createMigrateProgram(deps: MigrateDeps): Command {
  const print: Print = (line) => deps.out(`${line}\n`);
  return new Command('npm run migrate --')
    .description('apply, revert or list the database migrations')
    .addArgument(
      new Argument('[command]', 'what to do').choices(Object.keys(actions)).default('up'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Commands:',
        '  up      apply every pending migration (the default)',
        '  down    revert the last applied migration',
        '  status  list applied and pending migrations',
      ].join('\n'),
    )
    .exitOverride()
    .configureOutput({ writeOut: deps.out, writeErr: deps.err })
    .showHelpAfterError('(add --help for usage)')
    .action(async (command: MigrateCommand) => {
      const { migrator, close } = await deps.openMigrator();
      try {
        await actions[command](migrator, print);
      } finally {
        await close();
      }
    });
}

export async function runMigrateProgram(deps: MigrateDeps, args: string[]): Promise<number> {
  try {
    await createMigrateProgram(deps).parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportFailure(error, deps);
  }
}
