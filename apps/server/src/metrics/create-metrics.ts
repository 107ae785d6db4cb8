import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger';
import type { OutboxBacklog } from './outbox-backlog';
import { sharedProcessRegistry } from './process-metrics';
import { RequestSeries } from './request-series';
import type { UpstreamObserver } from './upstream-calls';

export interface HttpRequestSample {
  method: string;
  /** The matched route pattern (`/account/verify-email/:token`), or `unmatched`. */
  route: string;
  dialect: string;
  status: number;
  durationSeconds: number;
}

export interface Metrics {
  registry: Registry;
  recordRequest(sample: HttpRequestSample): void;
  /** Counts the app's upstream calls; fetch-json reports them through the request's context. */
  upstreamObserver: UpstreamObserver;
  /** The Prometheus text exposition: this app's metrics and the process's. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface CreateMetricsOptions {
  logger: Logger;
  /** Reads the outbox backlog at scrape time; a failure leaves the gauges out of that scrape. */
  readOutboxBacklog: () => Promise<OutboxBacklog>;
  /** Pings PostgreSQL and Redis at scrape time: 'ok' or 'down' by dependency. */
  readDependencies?: () => Promise<Record<string, 'ok' | 'down'>>;
  /** Merge Node's process metrics into the scrape (one shared collector per process). */
  processMetrics?: boolean;
}

const PREFIX = 'wechat_bind_';

/** Request latency: from a cache hit (ms) to a slow upstream call with its retry (seconds). */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UPSTREAM_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

/**
 * One registry per app (never prom-client's global one), so a process can build many apps (tests
 * do) and each counts only its own traffic. Labels hold route patterns and fixed names only, never
 * raw paths or values, so hostile requests cannot blow up the number of series.
 */
export function createMetrics({
  logger,
  readOutboxBacklog,
  readDependencies,
  processMetrics = true,
}: CreateMetricsOptions): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const requests = new RequestSeries({
    counter: {
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route pattern, API dialect and status.',
    },
    histogram: {
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time to answer an HTTP request, by method, route pattern and API dialect.',
      buckets: REQUEST_BUCKETS,
    },
    registers,
  });
  const rateLimited = new Counter({
    name: `${PREFIX}rate_limit_rejections_total`,
    help: 'Requests refused with 429 (a rate limit or attempt budget), by route and dialect.',
    labelNames: ['route', 'dialect'] as const,
    registers,
  });
  const upstreamCalls = new Counter({
    name: `${PREFIX}upstream_calls_total`,
    help: 'Calls to WeChat and DingTalk, by provider, endpoint and result.',
    labelNames: ['provider', 'endpoint', 'result'] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: `${PREFIX}upstream_call_duration_seconds`,
    help: 'Time of one call to WeChat or DingTalk (each retry is a call), by provider and endpoint.',
    labelNames: ['provider', 'endpoint'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers,
  });
  const outboxMessages = new Gauge({
    name: `${PREFIX}outbox_messages`,
    help: 'Mail outbox rows not yet sent: pending (waiting or retrying) and dead (given up).',
    labelNames: ['status'] as const,
    registers,
  });
  const outboxOldest = new Gauge({
    name: `${PREFIX}outbox_oldest_pending_age_seconds`,
    help: 'Age of the oldest pending outbox message; grows when delivery is stuck.',
    registers,
  });

  const dependencyUp = new Gauge({
    name: `${PREFIX}dependency_up`,
    help: 'Whether PostgreSQL and Redis answered a ping at scrape time (1) or not (0).',
    labelNames: ['dependency'] as const,
    registers,
  });

  async function refreshDependencyGauges(): Promise<void> {
    if (!readDependencies) return;
    for (const [dependency, state] of Object.entries(await readDependencies())) {
      dependencyUp.set({ dependency }, state === 'ok' ? 1 : 0);
    }
  }

  async function refreshOutboxGauges(): Promise<void> {
    outboxMessages.reset();
    outboxOldest.reset();
    try {
      const backlog = await readOutboxBacklog();
      for (const [status, count] of Object.entries(backlog.byStatus)) {
        outboxMessages.set({ status }, count);
      }
      outboxOldest.set(backlog.oldestPendingSeconds);
    } catch (error) {
      // A scrape still answers while PostgreSQL is away; the gauges are simply absent from it.
      logger.warn({ err: error }, 'could not read the outbox backlog for /metrics');
    }
  }

  return {
    registry,
    recordRequest({ method, route, dialect, status, durationSeconds }) {
      requests.record(method, route, dialect, status, durationSeconds);
      if (status === 429) rateLimited.inc({ route, dialect });
    },
    upstreamObserver({ provider, endpoint, result, durationSeconds }) {
      upstreamCalls.inc({ provider, endpoint, result });
      upstreamDuration.observe({ provider, endpoint }, durationSeconds);
    },
    async render() {
      await Promise.all([refreshOutboxGauges(), refreshDependencyGauges()]);
      const scraped = processMetrics
        ? Registry.merge([registry, sharedProcessRegistry()])
        : registry;
      return { contentType: registry.contentType, body: await scraped.metrics() };
    },
  };
}
