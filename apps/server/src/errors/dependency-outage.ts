import { ConnectionError as SequelizeConnectionError } from 'sequelize';

// What ioredis raises when Redis is away: the client is built to fail fast (no offline queue,
// one retry, a command timeout), so these come quickly rather than after a hang.
const redisOutageMessages = [
  "Stream isn't writeable",
  'Connection is closed',
  'Command timed out',
  'Reached the max retries per request limit',
];

function isRedisOutage(error: Error): boolean {
  return (
    error.name === 'MaxRetriesPerRequestError' ||
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
