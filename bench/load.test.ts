import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { combinePhases, roundShare, runPhase } from './load';
import { phaseFixture as phase } from './phase-fixture';

describe('roundShare', () => {
  it.each([
    [4000, 4],
    [10, 3],
    [5, 5],
    [7, 4],
  ])('splits %i requests over %i rounds evenly, using every one', (total, rounds) => {
    const shares = Array.from({ length: rounds }, (_, round) => roundShare(total, rounds, round));
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    expect(Math.min(...shares)).toBeGreaterThan(0);
  });
});

describe('combinePhases', () => {
  it('adds up requests and time, and weighs CPU by requests', () => {
    const combined = combinePhases([
      phase({ requests: 1000, durationSec: 2, cpuMsPerRequest: 1 }),
      phase({ requests: 3000, durationSec: 2, cpuMsPerRequest: 2 }),
    ]);
    expect(combined.requests).toBe(4000);
    expect(combined.durationSec).toBe(4);
    expect(combined.rps).toBe(1000);
    expect(combined.cpuMsPerRequest).toBeCloseTo(1.75);
  });

  it('keeps the median p50, the worst p99, max and RSS, and sums the failures', () => {
    const combined = combinePhases([
      phase({ p50Ms: 9, p99Ms: 20, maxMs: 50, rssPeakMb: 120, non2xx: 1, errors: 2 }),
      phase({ p50Ms: 30, p99Ms: 80, maxMs: 90, rssPeakMb: 110, non2xx: 0, errors: 0 }),
      phase({ p50Ms: 11, p99Ms: 25, maxMs: 45, rssPeakMb: 150, non2xx: 3, errors: 1 }),
    ]);
    expect(combined.p50Ms).toBe(11);
    expect(combined.p99Ms).toBe(80);
    expect(combined.maxMs).toBe(90);
    expect(combined.rssPeakMb).toBe(150);
    expect(combined.non2xx).toBe(4);
    expect(combined.errors).toBe(3);
  });

  it('merges the status counts', () => {
    const combined = combinePhases([
      phase({ statusCodes: { '200': 990, '503': 10 } }),
      phase({ statusCodes: { '200': 1000 } }),
    ]);
    expect(combined.statusCodes).toEqual({ '200': 1990, '503': 10 });
  });

  it('has no CPU figure when a round could not measure one', () => {
    const combined = combinePhases([phase({}), phase({ cpuMsPerRequest: undefined })]);
    expect(combined.cpuMsPerRequest).toBeUndefined();
  });
});

describe('runPhase', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('times a phase of single-use requests to its last reply, not to the next whole second', async () => {
    const result = await runPhase({
      label: 'single use',
      url,
      pid: process.pid,
      connections: 4,
      requests: Array.from({ length: 200 }, (_, i) => ({ method: 'GET', path: `/${i}` })),
      exhaust: true,
      durationSec: 0,
      live: false,
    });
    expect(result.requests).toBe(200);
    // Two hundred replies from a local server take well under a second; autocannon's own
    // duration would say at least one.
    expect(result.durationSec).toBeGreaterThan(0);
    expect(result.durationSec).toBeLessThan(0.9);
    expect(result.rps).toBeCloseTo(200 / result.durationSec, 6);
    expect(result.p99Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeLessThanOrEqual(result.maxMs);
  });
});
