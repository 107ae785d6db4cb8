import type { Command } from 'commander';
import { revokeApiKey } from '../../libraries/api-keys';
import { apiKey } from '../argument-parsers';
import type { CommandContext } from '../command-context';

export function registerApiKeyRevoke(program: Command, context: CommandContext): void {
  program
    .command('api-key:revoke')
    .description('revoke a Caa key for good; requests signed with it then get 404 apiKey not found')
    .argument('<apiKey>', 'the key id (the public half)', apiKey)
    .action(async (key: string) => {
      await context.withRuntime(({ models }) => revokeApiKey(models, key, context.now()));
      context.print(`revoked api key ${key}`);
    });
}
