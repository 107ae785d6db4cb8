import { Counter, Histogram, Registry } from 'prom-client';
import { RequestSeries } from './request-series';

const BUCKETS = [0.005, 0.05, 0.5];
const counter = { name: 'requests_total', help: 'Requests.' };
const histogram = { name: 'request_seconds', help: 'Latency.', buckets: BUCKETS };

const observations: Array<[string, string, string, number, number]> = [
  ['GET', '/accounts/me', 'accounts', 200, 0.001],
  ['GET', '/accounts/me', 'accounts', 200, 0.005],
  ['GET', '/accounts/me', 'accounts', 401, 0.02],
  ['POST', '/accounts/me', 'accounts', 200, 0.7],
  ['GET', 'unmatched', 'plain', 404, 0.0001],
  ['GET', 'unmatched', 'account', 404, 0.3],
];

/** The same observations through prom-client's own Counter and Histogram. */
function promClientText(): Promise<string> {
  const registry = new Registry();
  const requests = new Counter({
    ...counter,
    labelNames: ['method', 'route', 'dialect', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    ...histogram,
    labelNames: ['method', 'route', 'dialect'],
    registers: [registry],
  });
  for (const [method, route, dialect, status, seconds] of observations) {
    requests.inc({ method, route, dialect, status: String(status) });
    latency.observe({ method, route, dialect }, seconds);
  }
  return registry.metrics();
}

describe('RequestSeries', () => {
  it('scrapes as prom-client would for the same requests: counts by status, buckets, sum and count', async () => {
    const registry = new Registry();
    const series = new RequestSeries({ counter, histogram, registers: [registry] });
    for (const observation of observations) series.record(...observation);
    expect(await registry.metrics()).toBe(await promClientText());
  });

  it('counts into every registry it was given, and through a merge of them', async () => {
    const [own, other] = [new Registry(), new Registry()];
    const series = new RequestSeries({ counter, histogram, registers: [own, other] });
    series.record('GET', '/healthz', 'plain', 200, 0.001);
    const merged = Registry.merge([own, new Registry()]);
    const text = await merged.metrics();
    expect(text).toContain(
      'requests_total{method="GET",route="/healthz",dialect="plain",status="200"} 1',
    );
    expect(text).toContain(
      'request_seconds_bucket{le="0.005",method="GET",route="/healthz",dialect="plain"} 1',
    );
    expect(await other.metrics()).toBe(await own.metrics());
  });

  it('puts a duration on a bucket bound into that bucket, and past the last into +Inf only', async () => {
    const registry = new Registry();
    const series = new RequestSeries({ counter, histogram, registers: [registry] });
    series.record('GET', '/x', 'plain', 200, 0.05);
    series.record('GET', '/x', 'plain', 200, 9);
    const text = await registry.metrics();
    const bucket = (le: string) =>
      Number(
        new RegExp(`request_seconds_bucket\\{le="${le}",[^}]*\\} (\\d+)`).exec(text)?.[1] ?? NaN,
      );
    expect([bucket('0.005'), bucket('0.05'), bucket('0.5'), bucket('\\+Inf')]).toEqual([
      0, 1, 1, 2,
    ]);
    expect(text).toContain('request_seconds_sum{method="GET",route="/x",dialect="plain"} 9.05');
  });

  it('starts again from nothing when the registry resets its metrics', async () => {
    const registry = new Registry();
    const series = new RequestSeries({ counter, histogram, registers: [registry] });
    series.record('GET', '/x', 'plain', 200, 0.01);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="/x"');
  });
});
