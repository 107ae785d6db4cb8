import type { ChildProcess } from 'node:child_process';
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { RedisTopology } from '../../src/redis/redis-settings';

const run = promisify(execFile);
const HOST = '127.0.0.1';

/** A Redis deployment of a test's own, on loopback ports, gone after stop(). */
export interface RunningTopology {
  topology: RedisTopology;
  /** The server settings that point at it (for a spawned server). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface RunningSentinelSetup extends RunningTopology {
  /** The name the sentinels monitor the master under. */
  masterName: string;
  /** The master's port right now, as the sentinels say. */
  masterPort(): Promise<number>;
  /**
   * Kills the master (SIGKILL, as a crash would) and resolves once the sentinels have promoted
   * the replica, with how long that took.
   */
  killMaster(): Promise<{ promotedAfterMs: number }>;
}

/**
 * Fails with what to install when redis-server is missing, rather than passing without having
 * run anything on a real deployment.
 */
function requireRedisServer(): void {
  for (const binary of ['redis-server', 'redis-cli']) {
    if (spawnSync(binary, ['--version']).status !== 0) {
      throw new Error(
        `This test starts its own Redis Cluster and Sentinel setup: install ${binary} ` +
          '(apt-get install redis-server).',
      );
    }
  }
}

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });

/**
 * `count` consecutive free ports in [from, to], starting at a random place so two runs on one
 * machine (CI runs the suite twice) rarely try the same ones. `alsoFree` names ports that must be
 * free with each (a Cluster node's bus port is its port + 10000).
 */
async function freePorts(
  from: number,
  to: number,
  count: number,
  alsoFree: (port: number) => number[] = () => [],
): Promise<number[]> {
  const span = to - from + 1 - count;
  const start = Math.floor(Math.random() * (span + 1));
  for (let offset = 0; offset <= span; offset += 1) {
    const base = from + ((start + offset) % (span + 1));
    const ports = Array.from({ length: count }, (_, index) => base + index);
    const wanted = ports.flatMap((port) => [port, ...alsoFree(port)]);
    const free = await Promise.all(wanted.map(isFree));
    if (free.every(Boolean)) return ports;
  }
  throw new Error(`no ${count} free consecutive ports between ${from} and ${to}`);
}

/** The child processes of one topology, killed together. */
class Processes {
  private readonly children: ChildProcess[] = [];
  private readonly killAll = () => this.children.forEach((child) => child.kill('SIGKILL'));

  constructor(readonly dir: string) {
    // A test process that dies without stop() must not leave servers holding the ports.
    process.once('exit', this.killAll);
  }

  start(args: string[]): ChildProcess {
    const child = spawn('redis-server', args, { cwd: this.dir, stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  async stop(): Promise<void> {
    process.off('exit', this.killAll);
    await Promise.all(this.children.map((child) => stopChild(child)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** redis-cli against one port; the reply's text. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', HOST, '-p', String(port), ...args], {
    timeout: 10_000,
  });
  return stdout.trim();
}

/** Polls `check` until it holds, or fails with `what` after `timeoutMs`. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`, { cause: lastError });
}

const plainServer = (port: number) => [
  '--port',
  String(port),
  '--bind',
  HOST,
  '--save',
  '',
  '--appendonly',
  'no',
];

const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `wechat-bind-${name}-`));

/**
 * A Redis Cluster of three masters (no replicas: a test of the key layout, not of cluster
 * failover), on ports from 7100-7199, built as an operator would: three cluster-enabled servers,
 * then `redis-cli --cluster create`.
 */
export async function startRedisCluster(): Promise<RunningTopology> {
  requireRedisServer();
  const ports = await freePorts(7100, 7199, 3, (port) => [port + 10_000]);
  const processes = new Processes(tempDir('cluster'));
  try {
    for (const port of ports) {
      processes.start([
        ...plainServer(port),
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '2000',
      ]);
    }
    for (const port of ports) await waitFor(`redis-server on ${port}`, pongs(port));
    await run(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((port) => `${HOST}:${port}`), '--cluster-yes'],
      { timeout: 30_000 },
    );
    for (const port of ports) {
      await waitFor(`the cluster seen from ${port}`, async () =>
        (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'),
      );
    }
  } catch (error) {
    await processes.stop();
    throw error;
  }
  const nodes = ports.map((port) => ({ host: HOST, port }));
  return {
    topology: { kind: 'cluster', nodes },
    env: { REDIS_CLUSTER_NODES: nodes.map(({ host, port }) => `${host}:${port}`).join(',') },
    stop: () => processes.stop(),
  };
}

const pongs = (port: number) => async () => (await cli(port, 'ping')) === 'PONG';

/**
 * A Sentinel setup on ports from 7200-7299: one master, one replica, three sentinels (quorum 2)
 * that declare the master down after a second without answers, so a test can fail it over in a
 * few seconds.
 */
export async function startRedisSentinel(): Promise<RunningSentinelSetup> {
  requireRedisServer();
  const [masterPort, replicaPort, ...sentinelPorts] = (await freePorts(7200, 7299, 5)) as [
    number,
    number,
    ...number[],
  ];
  const masterName = 'wechat-bind-test';
  const processes = new Processes(tempDir('sentinel'));
  let master: ChildProcess | undefined;
  const askSentinel = async (port: number) => {
    const reply = await cli(port, 'sentinel', 'get-master-addr-by-name', masterName);
    return Number(reply.split('\n')[1]);
  };
  try {
    // Without the default 5 s wait for more replicas before a full sync.
    const replication = ['--repl-diskless-sync-delay', '0'];
    master = processes.start([...plainServer(masterPort), ...replication]);
    await waitFor(`the master on ${masterPort}`, pongs(masterPort));
    processes.start([
      ...plainServer(replicaPort),
      ...replication,
      '--replicaof',
      HOST,
      String(masterPort),
    ]);
    await waitFor('the replica to sync', async () =>
      (await cli(replicaPort, 'info', 'replication')).includes('master_link_status:up'),
    );
    for (const port of sentinelPorts) {
      const file = path.join(processes.dir, `sentinel-${port}.conf`);
      fs.writeFileSync(
        file,
        [
          `port ${port}`,
          `bind ${HOST}`,
          `dir ${processes.dir}`,
          `sentinel monitor ${masterName} ${HOST} ${masterPort} 2`,
          `sentinel down-after-milliseconds ${masterName} 1000`,
          `sentinel failover-timeout ${masterName} 5000`,
          `sentinel parallel-syncs ${masterName} 1`,
          '',
        ].join('\n'),
      );
      processes.start([file, '--sentinel']);
    }
    // A failover needs every sentinel to know the replica and a quorum of the others.
    for (const port of sentinelPorts) {
      await waitFor(`sentinel ${port} to know the replica and its peers`, async () => {
        const replicas = await cli(port, 'sentinel', 'replicas', masterName);
        const peers = await cli(port, 'sentinel', 'sentinels', masterName);
        return (
          replicas.includes(String(replicaPort)) &&
          sentinelPorts.every((other) => other === port || peers.includes(String(other)))
        );
      });
    }
  } catch (error) {
    await processes.stop();
    throw error;
  }
  const sentinels = sentinelPorts.map((port) => ({ host: HOST, port }));
  return {
    topology: { kind: 'sentinel', sentinels, name: masterName },
    env: {
      REDIS_SENTINELS: sentinels.map(({ host, port }) => `${host}:${port}`).join(','),
      REDIS_SENTINEL_NAME: masterName,
    },
    masterName,
    masterPort: () => askSentinel(sentinelPorts[0]!),
    async killMaster() {
      const before = await askSentinel(sentinelPorts[0]!);
      if (before !== masterPort || !master)
        throw new Error('the master has already been failed over');
      const startedAt = Date.now();
      master.kill('SIGKILL');
      await waitFor(
        'the sentinels to promote the replica',
        async () => {
          const ports = await Promise.all(sentinelPorts.map(askSentinel));
          const role = await cli(replicaPort, 'role');
          return ports.every((port) => port === replicaPort) && role.startsWith('master');
        },
        30_000,
      );
      return { promotedAfterMs: Date.now() - startedAt };
    },
    stop: () => processes.stop(),
  };
}
