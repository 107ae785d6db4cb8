/**
 * Keys that expire: one-time codes (consumed by `take`) and tokens (checked by `peek`).
 *
 * Expired and used entries are remembered for a while instead of being dropped at once, because
 * the answer differs: WeChat says "code been used" (40163) for a used code but "invalid code"
 * (40029) for an unknown one, and "access_token expired" (42001) rather than "invalid" (40001).
 */
export type Lookup<T> =
  { status: 'ok'; value: T; expiresAt: number } | { status: 'used' | 'expired' | 'unknown' };

interface Entry<T> {
  value: T;
  expiresAt: number;
  used: boolean;
}

// How long a dead entry is still recognised before a sweep forgets it, and how often to sweep.
// The benchmark mints tens of thousands of codes, so the maps must not grow without bound.
const REMEMBER_DEAD_MS = 10 * 60 * 1000;
const SWEEP_EVERY = 1000;

export class ExpiringStore<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private issuedSinceSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores `value` under `key` for `ttlMs`. */
  put(key: string, value: T, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs, used: false });
    if (++this.issuedSinceSweep >= SWEEP_EVERY) this.sweep();
  }

  /** Reads without consuming: for tokens, which are used many times. */
  peek(key: string): Lookup<T> {
    const entry = this.entries.get(key);
    if (!entry) return { status: 'unknown' };
    // Expiry wins over use: once a code's lifetime is over WeChat no longer knows it at all.
    if (entry.expiresAt <= this.now()) return { status: 'expired' };
    if (entry.used) return { status: 'used' };
    return { status: 'ok', value: entry.value, expiresAt: entry.expiresAt };
  }

  /**
   * Consumes a one-time code. Synchronous, so two requests racing with the same code cannot both
   * get `ok`: the event loop runs one `take` to the end before the other.
   */
  take(key: string): Lookup<T> {
    const found = this.peek(key);
    if (found.status === 'ok') this.entries.get(key)!.used = true;
    return found;
  }

  /** Invalidates a key at once (a force-refreshed token); it then reads as unknown. */
  revoke(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.issuedSinceSweep = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    this.issuedSinceSweep = 0;
    const forgetBefore = this.now() - REMEMBER_DEAD_MS;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt < forgetBefore) this.entries.delete(key);
    }
  }
}
