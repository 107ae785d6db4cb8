import { withTimeout } from '../store/database';

export type ReadinessCheck = () => Promise<unknown>;
export type DependencyState = 'ok' | 'down';

export interface ReadinessResult {
  /**
   * `ok`: everything answers. `degraded`: a dependency the instance can serve without is down
   * (Redis: sign-ins, codes and limits fail with 503, reads and signed binds still work).
   * `unavailable`: a required one is down, and the instance can serve nothing.
   */
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, DependencyState>;
}

export interface ReadinessChecks {
  /** Without these the instance serves nothing: readiness fails. */
  required: Record<string, ReadinessCheck>;
  /** Reported, but the instance stays in the load balancer without them. */
  optional: Record<string, ReadinessCheck>;
}

/** Runs every check at once, each bounded in time, and reports which ones failed. */
export async function runReadinessChecks(
  { required, optional }: ReadinessChecks,
  timeoutMs = 2_000,
): Promise<ReadinessResult> {
  const all = { ...required, ...optional };
  const names = Object.keys(all);
  const outcomes = await Promise.allSettled(
    names.map((name) => withTimeout(Promise.resolve().then(all[name]), timeoutMs, name)),
  );
  const checks = Object.fromEntries(
    names.map((name, index) => [name, outcomes[index]?.status === 'fulfilled' ? 'ok' : 'down']),
  ) as ReadinessResult['checks'];
  const down = (name: string) => checks[name] === 'down';
  const status = Object.keys(required).some(down)
    ? 'unavailable'
    : Object.keys(optional).some(down)
      ? 'degraded'
      : 'ok';
  return { status, checks };
}
