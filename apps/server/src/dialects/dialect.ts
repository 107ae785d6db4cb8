import type Router from '@koa/router';
import type { AppContext } from '../app-context';
import type { ErrorRenderer } from '../errors/error-renderer';
import type { RequestError } from '../errors/request-error';

/**
 * One API contract: where it lives, its routes, and how it words a failure. Everything a
 * dialect knows is in its folder (dialects/<name>/); the registry lists them.
 */
export interface Dialect {
  /**
   * The short name of the contract (`my`, `administrator`, `account`, `accounts`), as the
   * `dialect` label of the request metrics has always carried it. The folder is named after the
   * library it serves instead (dialects/weixin-binding/ with libraries/weixin-binding/).
   */
  name: string;
  /** Every route of the dialect, and every error answered under it, is below this path. */
  prefix: string;
  /** Registers the routes on a router that already has `prefix`. */
  routes(router: Router, context: AppContext): void;
  /** The libraries' domain errors as this dialect's RequestErrors; undefined for any other error. */
  toRequestError(error: unknown): RequestError | undefined;
  /** The dialect's error envelope. */
  render: ErrorRenderer;
}

/** What the error handler needs of a dialect: paths outside every contract have only a renderer. */
export type ErrorDialect = Pick<Dialect, 'name' | 'toRequestError' | 'render'>;
