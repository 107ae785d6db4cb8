import type { Command } from 'commander';
import { addMiniProgramApp } from '../../libraries/mini-program-apps';
import { ValidationError } from '../../libraries/errors';
import { wechatAppId } from '../argument-parsers';
import type { CommandContext } from '../command-context';

/**
 * `app:add`: a mini-program that may sign in, without a restart. The AppSecret is read from
 * standard input, never taken as an argument: arguments end up in shell history and in `ps`.
 */
export function registerAppAdd(program: Command, context: CommandContext): void {
  program
    .command('app:add')
    .description('let a mini-program sign in (its AppSecret read from stdin); no restart needed')
    .argument('<appId>', 'the mini-program AppID, e.g. wx0123456789abcdef', wechatAppId)
    .requiredOption(
      '--secret-stdin',
      'read the AppSecret from the first line of stdin, e.g. printf %s "$SECRET" | … app:add wx… --secret-stdin',
    )
    .action(async (appId: string) => {
      const secret = await context.readLine();
      if (secret === '') {
        throw new ValidationError('secret', 'no AppSecret on stdin (pipe it in, or type it)');
      }
      const added = await context.withRuntime(({ models, secretBox }) =>
        addMiniProgramApp(models, secretBox, { appId, secret, now: context.now() }),
      );
      context.print(`added app ${added.appId}`);
      context.note(
        'The secret is kept sealed with DATA_KEY. Every server signs in with the app within ' +
          'WXA_APPS_REFRESH seconds (30 by default), without a restart.',
      );
    });
}
