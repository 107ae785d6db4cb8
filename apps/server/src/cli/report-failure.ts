import { CommanderError } from 'commander';
import { DuplicateError, NotFoundError, ValidationError } from '../libraries/errors';
import type { ProgramDeps } from './command-context';

/** Exit codes, as in most Unix tools: 2 for a wrong command line, 1 for a command that failed. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Prints what went wrong (unless commander already did) and says how the process should exit.
 * A library's ValidationError is a bad argument too (an invalid mobile, say), so it exits 2;
 * unknown records and duplicates are failures of a well-formed command, 1.
 */
export function reportFailure(error: unknown, deps: Pick<ProgramDeps, 'err' | 'logger'>): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message or the help; `--help` and `--version` are successes.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof ValidationError) {
    deps.err(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof NotFoundError || error instanceof DuplicateError) {
    deps.err(`error: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  deps.logger?.debug({ err: error }, 'command failed');
  const message = error instanceof Error ? error.message : String(error);
  deps.err(`error: ${message}\n(set LOG_LEVEL=debug for details)\n`);
  return EXIT_FAILURE;
}
