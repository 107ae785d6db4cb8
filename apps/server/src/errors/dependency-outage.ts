import { ConnectionError as SequelizeConnectionError } from 'sequelize';

// What ioredis raises when Redis is away: the client is built to fail fast (no offline queue,
// one retry, a command timeout), so these come quickly rather than after a hang.
const redisOutageMessages = [
  "Stream isn't writeable",
  'Connection is closed',
  'Command timed out',
  'Reached the max retries per request limit',
  // A Cluster while its slot map is being found again, or with no node answering.
  "Cluster isn't ready",
  'None of startup nodes is available',
  'Failed to refresh slots cache',
  'Cluster is disconnected',
  'Too many Cluster redirections',
  // A Sentinel setup with no sentinel answering.
  'All sentinels are unreachable',
];

// Replies Redis itself gives while a failover is under way: a write that reached a demoted master
// (READONLY), a replica still loading or cut off from its master, a Cluster with slots uncovered.
const redisTransientReplies = /^(READONLY|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN) /;

function isRedisOutage(error: Error): boolean {
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    error.name === 'ClusterAllFailedError' ||
    redisTransientReplies.test(error.message) ||
    redisOutageMessages.some((message) => error.message.includes(message))
  );
}

/**
 * True when an error (or one of its causes) says PostgreSQL or Redis cannot be reached. Such a
 * failure is not a bug in the request's handling: it answers 503, so clients retry and load
 * balancers route elsewhere, rather than 500.
 */
export function isDependencyOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof SequelizeConnectionError || isRedisOutage(current)) return true;
    current = current.cause;
  }
  return false;
}
