import type { Command } from 'commander';
import { revokeClientAppKey } from '../../libraries/client-app-keys';
import { clientKeyId } from '../argument-parsers';
import type { CommandContext } from '../command-context';

export function registerClientKeyRevoke(program: Command, context: CommandContext): void {
  program
    .command('client-key:revoke')
    .description('revoke a client app key for good')
    .argument('<id>', 'the key id, as printed by client-key:list', clientKeyId)
    .action(async (id: string) => {
      await context.withRuntime(({ models }) => revokeClientAppKey(models, id, context.now()));
      context.print(`revoked client key ${id}`);
    });
}
