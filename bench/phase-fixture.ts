import type { PhaseResult } from './load';

/** A phase's result for the bench's own tests: plausible figures, any of them overridden. */
export const phaseFixture = (overrides: Partial<PhaseResult>): PhaseResult => ({
  requests: 1000,
  durationSec: 1,
  rps: 1000,
  p50Ms: 5,
  p99Ms: 10,
  maxMs: 20,
  non2xx: 0,
  statusCodes: { '200': 1000 },
  errors: 0,
  rssPeakMb: 120,
  cpuMsPerRequest: 0.2,
  ...overrides,
});
