import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';

const serverRoot = path.resolve(__dirname, '../..');

export interface SpawnedServer {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the URL from the start banner. */
  listening: Promise<string>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/**
 * Runs `src/main.ts` the way `npm start` does, in a child process with exactly the environment
 * given (the test database and Redis settings of the parent are not passed on).
 */
export function spawnServer(env: Record<string, string>): SpawnedServer {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', path.join(serverRoot, 'src/main.ts')],
    {
      cwd: serverRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /wechat-bind listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`server exited before listening:\n${output}`)));
  });
  listening.catch(() => undefined);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, output: () => output, listening, exited };
}
