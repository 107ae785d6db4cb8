import type { Command } from 'commander';
import {
  BIND_WEIXIN_ACTION,
  DEFAULT_API_KEY_TTL_DAYS,
  issueApiKey,
} from '../../libraries/api-keys';
import { days, userId } from '../argument-parsers';
import type { CommandContext } from '../command-context';
import { formatFields } from '../format-table';

interface Options {
  user: string;
  action?: string[];
  days: number;
}

/** `api-key:issue`: the only time the apiSecret is ever shown. */
export function registerApiKeyIssue(program: Command, context: CommandContext): void {
  program
    .command('api-key:issue')
    .description('issue a Caa key pair (apiKey + apiSecret) for a user; the secret is shown once')
    .requiredOption('--user <id>', 'the user the key acts as', userId)
    .option('--action <action...>', `actions the key may perform (default: ${BIND_WEIXIN_ACTION})`)
    .option('--days <n>', 'lifetime in days', days, DEFAULT_API_KEY_TTL_DAYS)
    .action(async (options: Options) => {
      const issued = await context.withRuntime(({ models, secretBox }) =>
        issueApiKey(models, secretBox, {
          userId: options.user,
          actions: options.action,
          ttlDays: options.days,
          now: context.now(),
        }),
      );
      const lines = formatFields([
        ['apiKey', issued.apiKey],
        ['apiSecret', issued.apiSecret],
        ['user', options.user],
        ['actions', issued.actions.join(', ')],
        ['expires', issued.expiresAt],
      ]);
      for (const line of lines) context.print(line);
      context.note(
        'Store the apiSecret now: it is kept encrypted and cannot be shown again. ' +
          'Lost it? Revoke the key (api-key:revoke) and issue another.',
      );
    });
}
