import type { CallCounts } from '../control/types';
import { ENDPOINTS, type Endpoint } from '../endpoints';

/** Calls per upstream endpoint, faulted ones included: the server did make them. */
export class CallCounter {
  private readonly counts = new Map<Endpoint, number>();

  record(endpoint: Endpoint): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  snapshot(): CallCounts {
    const calls = Object.fromEntries(
      ENDPOINTS.map((endpoint) => [endpoint, this.counts.get(endpoint) ?? 0]),
    ) as Record<Endpoint, number>;
    const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
    return { calls, total };
  }

  reset(): void {
    this.counts.clear();
  }
}
