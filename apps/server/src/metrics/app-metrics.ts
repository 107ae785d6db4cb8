import type { Sequelize } from 'sequelize';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ReadinessChecks } from '../lifecycle/readiness';
import { runReadinessChecks } from '../lifecycle/readiness';
import type { Metrics } from './create-metrics';
import { createMetrics } from './create-metrics';
import type { MetricsAccess } from './metrics-access';
import { createMetricsAccess } from './metrics-access';
import { readOutboxBacklog } from './outbox-backlog';

export interface AppMetrics {
  metrics: Metrics;
  access: MetricsAccess;
}

/** An app's metrics and who may read them, from the app's dependencies and settings. */
export function createAppMetrics(
  deps: { config: Config; logger: Logger; sequelize: Sequelize },
  readiness: ReadinessChecks,
): AppMetrics {
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
