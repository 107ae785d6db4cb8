import type { Command } from 'commander';
import { listApiKeys } from '../../libraries/api-keys';
import { userId } from '../argument-parsers';
import type { CommandContext } from '../command-context';
import { formatTable } from '../format-table';

export function registerApiKeyList(program: Command, context: CommandContext): void {
  program
    .command('api-key:list')
    .description('list Caa keys (never their secrets), newest first')
    .option('--user <id>', 'only this user’s keys', userId)
    .action(async ({ user }: { user?: string }) => {
      const keys = await context.withRuntime(({ models }) =>
        listApiKeys(models, { userId: user, now: context.now() }),
      );
      const lines = formatTable(
        ['API KEY', 'USER', 'ACTIONS', 'STATUS', 'EXPIRES', 'LAST USED'],
        keys.map((key) => [
          key.apiKey,
          key.userId,
          key.actions.join(','),
          key.status,
          key.expiresAt,
          key.lastUsedAt,
        ]),
        'no api keys',
      );
      for (const line of lines) context.print(line);
    });
}
