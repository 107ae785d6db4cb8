import type { Metric, Registry } from 'prom-client';

/** The labels every request series has; the counter adds `status`. */
export interface RequestLabels {
  method: string;
  route: string;
  dialect: string;
}

interface Series {
  labels: RequestLabels;
  /** Requests answered, by status. */
  statuses: Map<number, number>;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

export interface RequestSeriesOptions {
  counter: { name: string; help: string };
  histogram: { name: string; help: string; buckets: readonly number[] };
  registers: Registry[];
}

/** What prom-client's registry reads of a metric at scrape time. */
interface ScrapedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}
interface ScrapedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{
    name: string;
    help: string;
    type: 'counter' | 'histogram';
    aggregator: 'sum';
    values: ScrapedValue[];
  }>;
  reset(): void;
}

/**
 * The request counter and the request latency histogram, kept per series as plain numbers and
 * handed to prom-client's registry when it is scraped, in the shape its own Counter and Histogram
 * give (`_bucket` with `le`, `_sum`, `_count`). prom-client's metrics check and hash a series'
 * labels on every `inc()` and `observe()`, through `labels()` too: work on every request for
 * series that are few and fixed (method, route pattern, dialect). Here a request costs three map
 * lookups on strings that are the same objects each time, and a few additions.
 */
export class RequestSeries {
  private readonly byRoute = new Map<string, Map<string, Map<string, Series>>>();
  private readonly bounds: readonly number[];

  constructor({ counter, histogram, registers }: RequestSeriesOptions) {
    this.bounds = [...histogram.buckets].sort((a, b) => a - b);
    for (const registry of registers) {
      registry.registerMetric(this.counterMetric(counter.name, counter.help) as unknown as Metric);
      registry.registerMetric(
        this.histogramMetric(histogram.name, histogram.help) as unknown as Metric,
      );
    }
  }

  record(method: string, route: string, dialect: string, status: number, seconds: number): void {
    const series = this.seriesOf(method, route, dialect);
    series.statuses.set(status, (series.statuses.get(status) ?? 0) + 1);
    const { bounds } = this;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]!) bucket += 1;
    series.buckets[bucket]! += 1;
    series.sum += seconds;
    series.count += 1;
  }

  private seriesOf(method: string, route: string, dialect: string): Series {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let byDialect = byMethod.get(method);
    if (!byDialect) byMethod.set(method, (byDialect = new Map()));
    let series = byDialect.get(dialect);
    if (!series) {
      series = {
        labels: { method, route, dialect },
        statuses: new Map(),
        buckets: new Array<number>(this.bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      byDialect.set(dialect, series);
    }
    return series;
  }

  private *allSeries(): Iterable<Series> {
    for (const byMethod of this.byRoute.values()) {
      for (const byDialect of byMethod.values()) yield* byDialect.values();
    }
  }

  private counterMetric(name: string, help: string): ScrapedMetric {
    const values = (): ScrapedValue[] =>
      [...this.allSeries()].flatMap(({ labels, statuses }) =>
        [...statuses].map(([status, value]) => ({
          labels: { ...labels, status: String(status) },
          value,
        })),
      );
    return this.scraped(name, help, 'counter', values);
  }

  private histogramMetric(name: string, help: string): ScrapedMetric {
    const le = [...this.bounds, '+Inf'];
    const values = (): ScrapedValue[] =>
      [...this.allSeries()].flatMap(({ labels, buckets, sum, count }) => {
        let cumulative = 0;
        return [
          ...buckets.map((observed, index) => {
            cumulative += observed;
            return {
              labels: { le: le[index]!, ...labels },
              value: cumulative,
              metricName: `${name}_bucket`,
            };
          }),
          { labels: { ...labels }, value: sum, metricName: `${name}_sum` },
          { labels: { ...labels }, value: count, metricName: `${name}_count` },
        ];
      });
    return this.scraped(name, help, 'histogram', values);
  }

  private scraped(
    name: string,
    help: string,
    type: 'counter' | 'histogram',
    values: () => ScrapedValue[],
  ): ScrapedMetric {
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => this.byRoute.clear(),
    };
  }
}
