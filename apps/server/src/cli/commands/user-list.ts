import type { Command } from 'commander';
import { listUsers, MAX_LIST_LIMIT } from '../../libraries/users';
import { wholeNumber } from '../argument-parsers';
import type { CommandContext } from '../command-context';
import { formatTable } from '../format-table';

export function registerUserList(program: Command, context: CommandContext): void {
  program
    .command('user:list')
    .description('list users, newest first')
    .option(
      '--limit <n>',
      `how many to show (1-${MAX_LIST_LIMIT})`,
      wholeNumber(1, MAX_LIST_LIMIT),
      50,
    )
    .action(async ({ limit }: { limit: number }) => {
      const users = await context.withRuntime(({ models }) => listUsers(models, { limit }));
      const lines = formatTable(
        ['ID', 'NAME', 'MOBILE', 'EMAIL', 'GENDER', 'CREATED'],
        users.map((user) => [
          user.id,
          user.name,
          user.mobile,
          user.email,
          user.gender,
          user.createdAt,
        ]),
        'no users',
      );
      for (const line of lines) context.print(line);
    });
}
