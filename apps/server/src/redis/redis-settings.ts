import Joi from 'joi';

export interface HostPort {
  host: string;
  port: number;
}

/** Which Redis the server talks to. Unset in the configuration: the in-process stand-in. */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | {
      kind: 'sentinel';
      sentinels: HostPort[];
      /** The master's name as the sentinels know it (`sentinel monitor <name> …`). */
      name: string;
      /** AUTH for the sentinels themselves, when they require one. */
      sentinelPassword?: string;
      /** AUTH for the master and replicas. */
      password?: string;
    }
  | { kind: 'cluster'; nodes: HostPort[]; password?: string };

/** `host:port` or `[v6]:port`. */
const hostPortPattern = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+)):(\d{1,5})$/;

/** A comma-separated list of `host:port`, each checked; the message names the bad entry. */
const hostPortList = Joi.custom((value: string, helpers) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const nodes: HostPort[] = [];
  for (const entry of entries) {
    const match = hostPortPattern.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) {
      return helpers.message({ custom: `{{#label}}: "${entry}" is not host:port` });
    }
    nodes.push({ host: (match[1] ?? match[2])!, port });
  }
  if (nodes.length === 0) return helpers.message({ custom: '{{#label}} lists no host:port' });
  return nodes;
});

/** The Redis variables besides REDIS_URL and REDIS_KEY_PREFIX, for config.ts's schema. */
export const redisTopologySchema = {
  REDIS_SENTINELS: hostPortList,
  REDIS_SENTINEL_NAME: Joi.string(),
  REDIS_SENTINEL_PASSWORD: Joi.string(),
  REDIS_CLUSTER_NODES: hostPortList,
  REDIS_PASSWORD: Joi.string(),
};

/** The validated values config.ts hands over (the schema above, plus REDIS_URL and the prefix). */
interface RedisValues {
  NODE_ENV?: unknown;
  REDIS_URL?: string;
  REDIS_KEY_PREFIX?: string;
  REDIS_SENTINELS?: HostPort[];
  REDIS_SENTINEL_NAME?: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_CLUSTER_NODES?: HostPort[];
  REDIS_PASSWORD?: string;
}

/** `{tag}` with something inside: Redis Cluster hashes only that part of a key. */
const hashTagPattern = /\{[^}]+\}/;

/**
 * What the Redis variables cannot mean together. The three ways to reach Redis are alternatives
 * (which one to use would be a guess), the sentinel settings mean nothing without sentinels, and a
 * hash tag in the key prefix would put every key of a Cluster into one slot on one master (Redis
 * hashes only the first `{…}` of a key, so the tags inside the key names would stop counting).
 */
export function redisTopologyProblems(values: RedisValues): string[] {
  const chosen = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter(
    (name) => values[name] !== undefined,
  );
  const problems: string[] = [];
  if (chosen.length > 1) {
    problems.push(
      `${chosen.join(' and ')} are alternatives (one Redis, a Sentinel setup, a Cluster): set only one`,
    );
  }
  if (chosen.length === 0 && values.NODE_ENV === 'production') {
    problems.push(
      'REDIS_URL is required (or REDIS_SENTINELS with REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES): ' +
        'production keeps its short-lived state in a real Redis shared by every instance',
    );
  }
  if (values.REDIS_SENTINELS && !values.REDIS_SENTINEL_NAME) {
    problems.push('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS (the monitored master)');
  }
  for (const name of ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD'] as const) {
    if (values[name] !== undefined && !values.REDIS_SENTINELS) {
      problems.push(`${name} is only used with REDIS_SENTINELS, which is not set`);
    }
  }
  if (values.REDIS_PASSWORD !== undefined && values.REDIS_URL !== undefined) {
    problems.push('REDIS_PASSWORD is not used with REDIS_URL: put the password in the URL');
  }
  if (values.REDIS_CLUSTER_NODES && hashTagPattern.test(values.REDIS_KEY_PREFIX ?? '')) {
    problems.push(
      'REDIS_KEY_PREFIX must not hold a {hash tag} with REDIS_CLUSTER_NODES: every key would ' +
        'land in one slot on one master',
    );
  }
  return problems;
}

/** The topology the (already checked) values name; undefined: the in-process stand-in. */
export function redisTopologyOf(values: RedisValues): RedisTopology | undefined {
  if (values.REDIS_URL) return { kind: 'single', url: values.REDIS_URL };
  if (values.REDIS_SENTINELS) {
    return {
      kind: 'sentinel',
      sentinels: values.REDIS_SENTINELS,
      name: values.REDIS_SENTINEL_NAME!,
      sentinelPassword: values.REDIS_SENTINEL_PASSWORD,
      password: values.REDIS_PASSWORD,
    };
  }
  if (values.REDIS_CLUSTER_NODES) {
    return { kind: 'cluster', nodes: values.REDIS_CLUSTER_NODES, password: values.REDIS_PASSWORD };
  }
  return undefined;
}

const listOf = (nodes: HostPort[]) =>
  nodes.map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`));

/** Where Redis is, without passwords: a URL, a Sentinel master and its sentinels, Cluster seeds. */
export function redisTargetName(topology: RedisTopology): string {
  switch (topology.kind) {
    case 'single':
      return redactUrl(topology.url);
    case 'sentinel':
      return `Sentinel master "${topology.name}" via ${listOf(topology.sentinels).join(', ')}`;
    case 'cluster':
      return `Cluster via ${listOf(topology.nodes).join(', ')}`;
  }
}

/** One line for the start banner, without passwords. */
export function describeRedisTopology(topology: RedisTopology | undefined): string {
  if (!topology) {
    return 'Redis: in-process stand-in (short-lived state is per process and lost on restart)';
  }
  const name = redisTargetName(topology);
  return topology.kind === 'single' ? `Redis: real (${name})` : `Redis: ${name}`;
}

/** Strips a password from a connection URL before it is shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparsable url]';
  }
}
