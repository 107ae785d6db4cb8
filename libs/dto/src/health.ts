/**
 * Health endpoints, added by the server for load balancers and orchestrators (no api-doc covers
 * them). No authentication; no dialect envelope.
 */
import type { RouteSpec } from './routes';

/** `GET /healthz` (liveness): always HTTP 200 `{ status: 'ok' }` while the process serves HTTP. */
export interface HealthzResponse {
  status: 'ok';
}

/** The state of one dependency in {@link ReadyzResponse}. */
export type DependencyState = 'ok' | 'down';

/**
 * `GET /readyz` (readiness): HTTP 200 with `status: 'ok'` when PostgreSQL and Redis both answer,
 * else HTTP 503 with `status: 'unavailable'` and the failing check(s) `down`.
 */
export interface ReadyzResponse {
  status: 'ok' | 'unavailable';
  checks: {
    postgres: DependencyState;
    redis: DependencyState;
  };
}

/** Method and path of the health endpoints. */
export const HEALTH_ROUTES = {
  healthz: { method: 'GET', path: '/healthz' },
  readyz: { method: 'GET', path: '/readyz' },
} as const satisfies Record<keyof HealthEndpoints, RouteSpec>;

/** Success body per endpoint, keyed like {@link HEALTH_ROUTES}. */
export interface HealthEndpoints {
  healthz: { request: undefined; response: HealthzResponse };
  readyz: { request: undefined; response: ReadyzResponse };
}
