import { createRuntime } from '../runtime/create-runtime';
import { bootstrapCli } from './bootstrap';
import { readFirstLine } from './read-line';
import type { CliRuntime } from './program';
import { runProgram } from './program';

/**
 * `npm run cli -- <command>`. The store is opened only when a command needs it: on the real
 * PostgreSQL when DATABASE_URL is set, else on the embedded one (through a running server's
 * socket when one holds the data files). Migrations run first, so a fresh checkout works.
 */
async function main(): Promise<number> {
  const { config, logger } = bootstrapCli();
  const openRuntime = async (): Promise<CliRuntime> => {
    const runtime = await createRuntime({ config, logger, role: 'cli', migrate: true });
    for (const line of runtime.describe()) logger.info(line);
    return {
      models: runtime.models,
      secretBox: runtime.secretBox,
      close: () => runtime.close(),
    };
  };
  return runProgram(
    {
      openRuntime,
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      readLine: () => readFirstLine(process.stdin),
      logger,
    },
    process.argv.slice(2),
  );
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('error:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
