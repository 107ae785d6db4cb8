export interface BackoffPolicy {
  /** The wait after the first failed attempt. */
  baseMs: number;
  /** The wait never grows beyond this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 60 * 60 * 1000 };

/**
 * How long to wait after the `attempts`-th failure: doubling from `baseMs`, capped at `maxMs`,
 * with the upper half randomised ("equal jitter") so that many messages failing together (the SMTP
 * server was down) do not all come back at the same moment.
 */
export function retryDelayMs(
  attempts: number,
  { baseMs, maxMs }: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
