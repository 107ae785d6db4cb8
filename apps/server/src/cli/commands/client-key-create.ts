import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { ClientAppKind } from '../../libraries/client-app-keys';
import { CLIENT_APP_KINDS, createClientAppKey } from '../../libraries/client-app-keys';
import { nonEmpty } from '../argument-parsers';
import type { CommandContext } from '../command-context';

const kindOf = (value: string): ClientAppKind => {
  if (!(CLIENT_APP_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError('A client key kind is server or app.');
  }
  return value as ClientAppKind;
};

/** What each kind may do, said once when the key is made, so nobody ships a server key in an app. */
const KIND_NOTES: Record<ClientAppKind, string> = {
  app:
    'Kind app: for a key inside a client (mobile app, desktop app); ' +
    "POST /account/wx/link must also carry the email account's password.",
  server:
    'Kind server: for a back end that signs its users in itself; never put it inside an app ' +
    'that users can download, since anyone can extract it there.',
};

/** `client-key:create`: prints the key alone on stdout, the only time it is shown. */
export function registerClientKeyCreate(program: Command, context: CommandContext): void {
  program
    .command('client-key:create')
    .description('create a key for an app client of /account/wx*; shown once')
    .requiredOption('--name <name>', 'which client it is for, e.g. ios-app', nonEmpty)
    .addOption(
      new Option(
        '--kind <kind>',
        'server: a trusted back end; app: a key shipped inside a client (links need the password)',
      )
        .argParser(kindOf)
        .default('app'),
    )
    .action(async ({ name, kind }: { name: string; kind: ClientAppKind }) => {
      const created = await context.withRuntime(({ models }) =>
        createClientAppKey(models, { name, kind, now: context.now() }),
      );
      context.print(created.key);
      context.note(
        `Client key ${created.id} (${name.trim()}, ${kind}). Use it as "Authorization: Bearer <key>" ` +
          'with X-Union-Id. Store it now: only its hash is kept, so it cannot be shown again. ' +
          KIND_NOTES[kind],
      );
    });
}
