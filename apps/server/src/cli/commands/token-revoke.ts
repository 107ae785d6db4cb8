import type { Command } from 'commander';
import { revokePersonalAccessToken } from '../../libraries/personal-access-tokens';
import { tokenId } from '../argument-parsers';
import type { CommandContext } from '../command-context';

export function registerTokenRevoke(program: Command, context: CommandContext): void {
  program
    .command('token:revoke')
    .description('revoke a personal access token for good')
    .argument('<id>', 'the token id (the number before the "|")', tokenId)
    .action(async (id: string) => {
      await context.withRuntime(({ models }) =>
        revokePersonalAccessToken(models, id, context.now()),
      );
      context.print(`revoked token ${id}`);
    });
}
