import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = path.resolve(__dirname, '..');

export interface NodeChild {
  name: string;
  pid: number;
  logFile: string;
  /** SIGTERM, then the exit code (or signal name); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
  exited: Promise<number | string>;
}

export interface StartNodeChildOptions {
  name: string;
  /**
   * A compiled entry point (`.js`), run with plain node as in production; or a TypeScript one,
   * run through tsx as `npm start` does (for the helpers whose memory and speed are not measured).
   */
  script: string;
  cwd?: string;
  env: Record<string, string | undefined>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  logDir: string;
}

/**
 * A node process whose output goes straight to a log file: the benchmark reads nothing from its
 * pipes while it is loaded, so the child pays for its own logging and the load generator does not.
 */
export function startNodeChild(options: StartNodeChildOptions): NodeChild {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  // Appended to: a restarted child keeps the log of its earlier run above its own.
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.script.endsWith('.ts') ? ['--conditions=source', '--import', 'tsx'] : []),
      options.script,
    ],
    {
      cwd: options.cwd ?? repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...options.env,
      },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    name: options.name,
    pid: child.pid!,
    logFile,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Waits for a `KEY=value` line in the child's log and answers the value. */
export async function waitForLine(
  child: NodeChild,
  key: string,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const pattern = new RegExp(`^${key}=(\\S+)$`, 'm');
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    const text = fs.readFileSync(child.logFile, 'utf8');
    const match = pattern.exec(text);
    if (match) return match[1]!;
    if (exited) throw new Error(`${child.name} exited before it was ready:\n${tail(child)}`);
    await sleep(100);
  }
  throw new Error(`${child.name} printed no ${key} within ${timeoutMs} ms:\n${tail(child)}`);
}

/** Waits until GET `url` answers 200. */
export async function waitForHttp(
  child: NodeChild,
  url: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before it was ready:\n${tail(child)}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${tail(child)}`);
}

/** The end of a child's log, for error messages. */
export function tail(child: NodeChild, lines = 30): string {
  try {
    return fs.readFileSync(child.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * CPU time a process has used so far, in milliseconds (user + system), from /proc on Linux
 * (clock ticks of 10 ms); undefined elsewhere.
 */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at index 2 ("state").
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in bytes: /proc on Linux, `ps` elsewhere. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux, or the process is gone
  }
  try {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
          .toString()
          .trim(),
      ) * 1024
    );
  } catch {
    return undefined;
  }
}
