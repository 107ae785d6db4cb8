import type { Command } from 'commander';
import { listClientAppKeys } from '../../libraries/client-app-keys';
import type { CommandContext } from '../command-context';
import { formatTable } from '../format-table';

export function registerClientKeyList(program: Command, context: CommandContext): void {
  program
    .command('client-key:list')
    .description('list client app keys (never the keys themselves), newest first')
    .action(async () => {
      const keys = await context.withRuntime(({ models }) =>
        listClientAppKeys(models, { now: context.now() }),
      );
      const lines = formatTable(
        ['ID', 'NAME', 'KIND', 'STATUS', 'LAST USED', 'CREATED'],
        keys.map((key) => [key.id, key.name, key.kind, key.status, key.lastUsedAt, key.createdAt]),
        'no client keys',
      );
      for (const line of lines) context.print(line);
    });
}
