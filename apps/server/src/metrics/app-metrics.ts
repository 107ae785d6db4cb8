import type { AppDeps } from '../app';
import type { ReadinessChecks } from '../lifecycle/readiness';
import { runReadinessChecks } from '../lifecycle/readiness';
import type { Metrics } from './create-metrics';
import { createMetrics } from './create-metrics';
import type { MetricsAccess } from './metrics-access';
import { createMetricsAccess } from './metrics-access';
import { readOutboxBacklog } from './outbox-backlog';

/** An app's metrics and who may read them, from the app's dependencies and settings. */
export function createAppMetrics(
  deps: Pick<AppDeps, 'config' | 'logger' | 'sequelize'>,
  readiness: ReadinessChecks,
): {
  metrics: Metrics;
  access: MetricsAccess;
} {
  return {
    metrics: createMetrics({
      logger: deps.logger,
      readOutboxBacklog: () => readOutboxBacklog(deps.sequelize),
      readDependencies: async () => (await runReadinessChecks(readiness)).checks,
    }),
    access: createMetricsAccess({
      token: deps.config.metricsToken,
      allowIps: deps.config.metricsAllowIps,
      production: deps.config.nodeEnv === 'production',
    }),
  };
}
