import type { Command } from 'commander';
import { Option } from 'commander';
import { createUser } from '../../libraries/users';
import type { Gender } from '../../store/models';
import type { CommandContext } from '../command-context';

interface Options {
  name?: string;
  mobile?: string;
  email?: string;
  gender?: Gender;
}

/** `user:create`: prints only the new id, so scripts can capture it. */
export function registerUserCreate(program: Command, context: CommandContext): void {
  program
    .command('user:create')
    .description('create a user and print its id')
    .option('--name <name>', 'display name')
    .option('--mobile <mobile>', 'mainland China mobile number, 11 digits (13x-19x)')
    .option('--email <email>', 'email address (stored lower-cased)')
    .addOption(
      new Option('--gender <gender>', 'gender')
        .choices(['male', 'female', 'secret'])
        .default('secret'),
    )
    .action(async (options: Options) => {
      const user = await context.withRuntime(({ models }) => createUser(models, options));
      context.print(user.id);
    });
}
