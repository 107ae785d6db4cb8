import { withTimeout } from '../store/database';

export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessResult {
  status: 'ok' | 'unavailable';
  checks: Record<string, 'ok' | 'down'>;
}

/** Runs every check at once, each bounded in time, and reports which ones failed. */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2_000,
): Promise<ReadinessResult> {
  const names = Object.keys(checks);
  const outcomes = await Promise.allSettled(
    names.map((name) => withTimeout(Promise.resolve().then(checks[name]), timeoutMs, name)),
  );
  const results = Object.fromEntries(
    names.map((name, index) => [name, outcomes[index]?.status === 'fulfilled' ? 'ok' : 'down']),
  ) as ReadinessResult['checks'];
  const allOk = Object.values(results).every((result) => result === 'ok');
  return { status: allOk ? 'ok' : 'unavailable', checks: results };
}
