import type { Command } from 'commander';
import { listMiniProgramApps } from '../../libraries/mini-program-apps';
import type { CommandContext } from '../command-context';
import { formatTable } from '../format-table';

export function registerAppList(program: Command, context: CommandContext): void {
  program
    .command('app:list')
    .description('list the mini-programs that may sign in (never their secrets), oldest first')
    .option('--all', 'also the removed ones and the secrets replaced: the whole history')
    .action(async ({ all = false }: { all?: boolean }) => {
      const apps = await context.withRuntime(({ models, secretBox }) =>
        listMiniProgramApps(models, secretBox, { all }),
      );
      const lines = formatTable(
        ['APP ID', 'STATUS', 'ADDED BY', 'ADDED', 'REMOVED BY', 'REMOVED', 'SECRET'],
        apps.map((app) => [
          app.appId,
          app.status,
          app.addedBy,
          app.addedAt,
          app.removedBy,
          app.removedAt,
          // After a DATA_KEY rotation: the app answers unknown_app until it is added again.
          app.secretReadable ? 'sealed' : 'unreadable (another DATA_KEY)',
        ]),
        'no mini-program apps',
      );
      for (const line of lines) context.print(line);
    });
}
