import type { Logger } from '../logger';
import type { SecretBox } from '../libraries/secret-box';
import type { Models } from '../store/models';

/** What a command needs from the store: the models, and the box that seals Caa secrets. */
export interface CliRuntime {
  models: Models;
  secretBox: SecretBox;
  close(): Promise<void>;
}

export interface ProgramDeps {
  /** Called only when a command needs the store, so `--help` and argument errors need no database. */
  openRuntime(): Promise<CliRuntime>;
  /** Where normal output goes (stdout in the real CLI). */
  out(text: string): void;
  /** Where errors and notes go (stderr in the real CLI). */
  err(text: string): void;
  /** Unexpected errors are logged here with their stack, at debug level. */
  logger?: Logger;
  now?(): Date;
  /**
   * The first line of standard input (a secret that must not be an argument, which shell history
   * and `ps` would show). Commands that need none never call it.
   */
  readLine?(): Promise<string>;
}

/** What each command's action uses: the store for the length of the action, and the writers. */
export interface CommandContext {
  withRuntime<T>(work: (runtime: CliRuntime) => Promise<T>): Promise<T>;
  /** A line of output: results, including any credential being issued. */
  print(line?: string): void;
  /**
   * A line for the person at the terminal, on the error stream. Keeping advice off stdout means
   * `npm run -s cli -- token:issue ... > token.txt` writes nothing but the token.
   */
  note(line: string): void;
  now(): Date;
  /** The first line of standard input, without its line ending; empty when there is none. */
  readLine(): Promise<string>;
}

export function createCommandContext(deps: ProgramDeps): CommandContext {
  return {
    async withRuntime(work) {
      const runtime = await deps.openRuntime();
      try {
        return await work(runtime);
      } finally {
        await runtime.close();
      }
    },
    print: (line = '') => deps.out(`${line}\n`),
    note: (line) => deps.err(`${line}\n`),
    now: () => deps.now?.() ?? new Date(),
    readLine: async () => (deps.readLine ? deps.readLine() : ''),
  };
}
