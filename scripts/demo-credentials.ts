import { spawn } from 'node:child_process';
import path from 'node:path';
import type { GivenCredentials } from './demo-options';

const repoRoot = path.resolve(__dirname, '..');

export interface DemoCredentials {
  userId: string;
  apiKey: string;
  apiSecret: string;
  adminToken: string;
  clientKey: string;
}

/**
 * `npm run cli -- <args>`, answering its standard output. The CLI prints results alone on stdout
 * (notes go to stderr), so the output is the id, token or key itself. It runs with the demo's own
 * environment: with no DATABASE_URL both the server and the CLI use the embedded database, which
 * the CLI reaches through the running server. `input` is written to its standard input.
 */
export function runCli(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
      cwd: repoRoot,
      env: process.env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // A secret goes in on standard input, never on the command line (docs/operations.md).
    if (input !== undefined) child.stdin!.end(input);
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(out.trim());
      else reject(new Error(`npm run cli -- ${args[0]} failed (exit ${code}):\n${err.trim()}`));
    });
  });
}

/** `label:  value` lines of api-key:issue. */
function field(output: string, label: string): string {
  const match = new RegExp(`^${label}:\\s+(\\S+)$`, 'm').exec(output);
  if (!match) throw new Error(`api-key:issue printed no ${label}:\n${output}`);
  return match[1]!;
}

/**
 * The credentials the flows need: those given on the command line, the rest issued through the
 * admin CLI, as an operator would (a user, a Caa key pair, a personal access token, a client key).
 */
export async function obtainCredentials(
  given: GivenCredentials,
  suffix: string,
  say: (line: string) => void,
): Promise<DemoCredentials> {
  let userId = given.userId;
  if (!userId) {
    say(`npm run cli -- user:create --name "Demo Bob ${suffix}"`);
    userId = await runCli(['user:create', '--name', `Demo Bob ${suffix}`]);
  }
  const issueKey = async (): Promise<[string, string]> => {
    if (given.apiKey && given.apiSecret) return [given.apiKey, given.apiSecret];
    say(`npm run cli -- api-key:issue --user ${userId}`);
    const output = await runCli(['api-key:issue', '--user', userId]);
    return [field(output, 'apiKey'), field(output, 'apiSecret')];
  };
  const issueToken = async () => {
    if (given.adminToken) return given.adminToken;
    say(`npm run cli -- token:issue --user ${userId} --name demo`);
    return runCli(['token:issue', '--user', userId, '--name', 'demo']);
  };
  const createClientKey = async () => {
    if (given.clientKey) return given.clientKey;
    say('npm run cli -- client-key:create --name demo --kind app');
    return runCli(['client-key:create', '--name', 'demo', '--kind', 'app']);
  };
  // Independent of each other: issued side by side.
  const [[apiKey, apiSecret], adminToken, clientKey] = await Promise.all([
    issueKey(),
    issueToken(),
    createClientKey(),
  ]);
  return { userId, apiKey, apiSecret, adminToken, clientKey };
}
