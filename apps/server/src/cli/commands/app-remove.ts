import type { Command } from 'commander';
import { removeMiniProgramApp } from '../../libraries/mini-program-apps';
import { storedAppId } from '../argument-parsers';
import type { CommandContext } from '../command-context';

export function registerAppRemove(program: Command, context: CommandContext): void {
  program
    .command('app:remove')
    .description('stop a mini-program signing in; its sign-ins then get unknown_app')
    .argument('<appId>', 'the mini-program AppID, as printed by app:list', storedAppId)
    .action(async (appId: string) => {
      await context.withRuntime(({ models }) => removeMiniProgramApp(models, appId, context.now()));
      context.print(`removed app ${appId}`);
      context.note(
        'Every server answers unknown_app for it within WXA_APPS_REFRESH seconds (30 by default). ' +
          'A restart does not bring it back, even if WECHAT_MINIPROGRAM_APPS still names it.',
      );
    });
}
