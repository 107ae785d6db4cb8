/**
 * How long a caller is told to wait, in whole seconds: rounded up, and never 0 (a `Retry-After: 0`
 * invites an immediate retry that the limit would refuse again). The one rounding rule for every
 * limit, in headers and in messages alike.
 */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
