import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SecretBox } from '../../src/libraries/secret-box';
import { createSecretBox } from '../../src/libraries/secret-box';
import type { Models } from '../../src/store/models';
import type { ProgramDeps } from '../../src/cli/command-context';
import { runProgram } from '../../src/cli/program';
import { readFirstLine } from '../../src/cli/read-line';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  secretBox: SecretBox;
  /** How often a command opened and closed the store. */
  opened: number;
  closed: number;
  run(...args: string[]): Promise<CliRun>;
  /** `run` with `input` on standard input (a secret piped in, say). */
  runWithInput(input: string, ...args: string[]): Promise<CliRun>;
  /** How often a command read standard input. */
  reads: number;
}

/**
 * Runs the admin CLI in-process against the test store, capturing what it writes. Pass
 * `models: undefined` for a CLI whose store cannot be opened (to prove a command never tried).
 */
export function createCliHarness(
  models: Models | undefined,
  {
    secretBox = createSecretBox(randomBytes(32)),
    ...options
  }: Partial<Pick<ProgramDeps, 'now' | 'logger'>> & {
    /** The server's, when the test runs both: a CLI seals with the DATA_KEY the servers share. */
    secretBox?: SecretBox;
  } = {},
): CliHarness {
  const harness: CliHarness = {
    secretBox,
    opened: 0,
    closed: 0,
    reads: 0,
    run: (...args) => harness.runWithInput('', ...args),
    async runWithInput(input, ...args) {
      let stdout = '';
      let stderr = '';
      const code = await runProgram(
        {
          ...options,
          async openRuntime() {
            if (!models) throw new Error('the store is not available in this test');
            harness.opened += 1;
            return {
              models,
              secretBox: harness.secretBox,
              close: async () => {
                harness.closed += 1;
              },
            };
          },
          out: (text) => (stdout += text),
          err: (text) => (stderr += text),
          async readLine() {
            harness.reads += 1;
            return readFirstLine(Readable.from([input]));
          },
        },
        args,
      );
      return { code, stdout, stderr };
    },
  };
  return harness;
}
