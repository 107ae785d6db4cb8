import type { Command } from 'commander';
import { createClientAppKey } from '../../libraries/client-app-keys';
import { nonEmpty } from '../argument-parsers';
import type { CommandContext } from '../command-context';

/** `client-key:create`: prints the key alone on stdout, the only time it is shown. */
export function registerClientKeyCreate(program: Command, context: CommandContext): void {
  program
    .command('client-key:create')
    .description('create a key for a trusted app client of /account/wx*; shown once')
    .requiredOption('--name <name>', 'which client it is for, e.g. ios-app', nonEmpty)
    .action(async ({ name }: { name: string }) => {
      const created = await context.withRuntime(({ models }) =>
        createClientAppKey(models, { name, now: context.now() }),
      );
      context.print(created.key);
      context.note(
        `Client key ${created.id} (${name.trim()}). Use it as "Authorization: Bearer <key>" ` +
          'with X-Union-Id. Store it now: only its hash is kept, so it cannot be shown again.',
      );
    });
}
