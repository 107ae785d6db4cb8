import type { Command } from 'commander';
import { listPersonalAccessTokens } from '../../libraries/personal-access-tokens';
import { userId } from '../argument-parsers';
import type { CommandContext } from '../command-context';
import { formatTable } from '../format-table';

export function registerTokenList(program: Command, context: CommandContext): void {
  program
    .command('token:list')
    .description('list personal access tokens (never the tokens themselves), newest first')
    .option('--user <id>', 'only this user’s tokens', userId)
    .action(async ({ user }: { user?: string }) => {
      const tokens = await context.withRuntime(({ models }) =>
        listPersonalAccessTokens(models, { userId: user, now: context.now() }),
      );
      const lines = formatTable(
        ['ID', 'USER', 'NAME', 'STATUS', 'EXPIRES', 'LAST USED', 'CREATED'],
        tokens.map((token) => [
          token.id,
          token.userId,
          token.name,
          token.status,
          token.expiresAt ?? 'never',
          token.lastUsedAt,
          token.createdAt,
        ]),
        'no tokens',
      );
      for (const line of lines) context.print(line);
    });
}
