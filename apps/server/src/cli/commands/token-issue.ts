import type { Command } from 'commander';
import { issuePersonalAccessToken } from '../../libraries/personal-access-tokens';
import { days, nonEmpty, userId } from '../argument-parsers';
import type { CommandContext } from '../command-context';
import { formatDate } from '../format-table';

interface Options {
  user: string;
  name: string;
  days?: number;
}

/** `token:issue`: prints the `<id>|<secret>` token alone on stdout, the only time it is shown. */
export function registerTokenIssue(program: Command, context: CommandContext): void {
  program
    .command('token:issue')
    .description('issue a personal access token for the administrator API; shown once')
    .requiredOption('--user <id>', 'the user the token acts as', userId)
    .requiredOption('--name <name>', 'what the token is for, e.g. laptop or ci', nonEmpty)
    .option('--days <n>', 'lifetime in days (default: no expiry)', days)
    .action(async (options: Options) => {
      const issued = await context.withRuntime(({ models }) =>
        issuePersonalAccessToken(models, {
          userId: options.user,
          name: options.name,
          ttlDays: options.days,
          now: context.now(),
        }),
      );
      context.print(issued.token);
      const expiry = issued.expiresAt ? `expires ${formatDate(issued.expiresAt)}` : 'no expiry';
      context.note(
        `Token ${issued.id} for user ${options.user} (${expiry}). Use it as ` +
          '"Authorization: Bearer <token>". Store it now: only its hash is kept, so it cannot ' +
          'be shown again.',
      );
    });
}
