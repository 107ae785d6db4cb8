import { Command } from 'commander';
import type { ProgramDeps } from './command-context';
import { createCommandContext } from './command-context';
import { registerApiKeyIssue } from './commands/api-key-issue';
import { registerApiKeyList } from './commands/api-key-list';
import { registerApiKeyRevoke } from './commands/api-key-revoke';
import { registerAppAdd } from './commands/app-add';
import { registerAppList } from './commands/app-list';
import { registerAppRemove } from './commands/app-remove';
import { registerClientKeyCreate } from './commands/client-key-create';
import { registerClientKeyList } from './commands/client-key-list';
import { registerClientKeyRevoke } from './commands/client-key-revoke';
import { registerTokenIssue } from './commands/token-issue';
import { registerTokenList } from './commands/token-list';
import { registerTokenRevoke } from './commands/token-revoke';
import { registerUserCreate } from './commands/user-create';
import { registerUserList } from './commands/user-list';
import { EXIT_OK, reportFailure } from './report-failure';

export type { CliRuntime, ProgramDeps } from './command-context';

const registrations = [
  registerUserCreate,
  registerUserList,
  registerApiKeyIssue,
  registerApiKeyList,
  registerApiKeyRevoke,
  registerTokenIssue,
  registerTokenList,
  registerTokenRevoke,
  registerClientKeyCreate,
  registerClientKeyList,
  registerClientKeyRevoke,
  registerAppAdd,
  registerAppList,
  registerAppRemove,
];

/**
 * The admin CLI as a commander program that never exits the process and writes only to the
 * given writers, so tests run it in-process. The settings are made on the root before the
 * commands are added, because commander copies them into each subcommand as it is created.
 */
export function createProgram(deps: ProgramDeps): Command {
  const program = new Command('npm run cli --')
    .description(
      'wechat-bind admin: users, Caa api keys, personal access tokens, client app keys, mini-program apps',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.out(text),
      writeErr: (text) => deps.err(text),
    })
    .showHelpAfterError('(add --help for usage)');
  const context = createCommandContext(deps);
  for (const register of registrations) register(program, context);
  return program;
}

/** Runs one command line (without `node script`), and answers the exit code; never throws. */
export async function runProgram(deps: ProgramDeps, args: string[]): Promise<number> {
  try {
    await createProgram(deps).parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportFailure(error, deps);
  }
}
