import type { RouterMiddleware } from '@koa/router';
import type Joi from 'joi';
import type { DefaultState } from 'koa';
import type { RequestError } from '../errors/request-error';
import { httpErrors } from '../errors/request-error';

/** What a route accepts, and what it answers when it succeeds. */
export interface GuardSchemas<BodyT, QueryT, ParamsT, ResponseT> {
  body?: Joi.Schema<BodyT>;
  query?: Joi.Schema<QueryT>;
  params?: Joi.Schema<ParamsT>;
  /** The 2xx reply body; checked when `checkReplies` is on (outside production). */
  response?: Joi.Schema<ResponseT>;
}

/** Each dialect words validation failures its own way; the guard hands it every problem found. */
export type InvalidInputHandler = (
  details: Joi.ValidationErrorItem[],
  source: 'body' | 'query' | 'params',
) => RequestError;

export interface GuardOptions {
  onInvalid: InvalidInputHandler;
  /**
   * Validate the handler's 2xx reply against `response`, and answer 500 when it does not match:
   * a reply that drifts from its contract fails the tests instead of a client. Off in production,
   * where the check would cost every request and help no caller.
   */
  checkReplies: boolean;
}

/** The validated, converted input: `ctx.guard.body` has the type of the body schema. */
export interface Guarded<BodyT, QueryT, ParamsT> {
  body: BodyT;
  query: QueryT;
  params: ParamsT;
}

export interface GuardedContext<BodyT, QueryT, ParamsT> {
  guard: Guarded<BodyT, QueryT, ParamsT>;
}

/**
 * Validates the params, query and body with joi before the handler runs and sets the converted
 * values on `ctx.guard`, typed by the schemas, so handlers only ever see input of the shape they
 * declared. A failure becomes the dialect's own RequestError (`onInvalid`).
 */
export function koaGuard<
  BodyT = undefined,
  QueryT = undefined,
  ParamsT = undefined,
  ResponseT = unknown,
>(
  schemas: GuardSchemas<BodyT, QueryT, ParamsT, ResponseT>,
  { onInvalid, checkReplies }: GuardOptions,
): RouterMiddleware<DefaultState, GuardedContext<BodyT, QueryT, ParamsT>, ResponseT> {
  // Preferences given to validate() are merged with the schema's own (its messages compiled
  // again) on every call; set on the schema once, joi merges them once and keeps the result.
  const everyProblem = { abortEarly: false };
  const inputSchemas = {
    body: schemas.body?.prefs(everyProblem),
    query: schemas.query?.prefs(everyProblem),
    params: schemas.params?.prefs(everyProblem),
  };
  const validate = (source: 'body' | 'query' | 'params', input: unknown): unknown => {
    const schema = inputSchemas[source];
    if (!schema) return undefined;
    const { error, value } = schema.validate(input);
    if (error) throw onInvalid(error.details, source);
    return value;
  };
  const response = checkReplies
    ? schemas.response?.prefs({ ...everyProblem, allowUnknown: false })
    : undefined;
  type Ctx = Parameters<
    RouterMiddleware<DefaultState, GuardedContext<BodyT, QueryT, ParamsT>, ResponseT>
  >[0];
  const guardInput = (ctx: Ctx) => {
    ctx.guard = {
      params: validate('params', ctx.params ?? {}) as ParamsT,
      query: validate('query', ctx.request.query) as QueryT,
      body: validate('body', ctx.request.body ?? {}) as BodyT,
    };
  };

  // With no reply to check (production), the guard only passes the request on, and returns
  // next()'s promise rather than awaiting it: one promise and one microtask turn fewer.
  if (!response) {
    return (ctx, next) => {
      guardInput(ctx);
      return next();
    };
  }
  return async (ctx, next) => {
    guardInput(ctx);
    await next();
    if (ctx.status < 200 || ctx.status >= 300) return;
    const { error } = response.validate(ctx.body);
    if (error) {
      throw httpErrors.internal(
        new Error(
          `${ctx.method} ${ctx.path}: the reply does not match its schema: ${error.message}`,
        ),
      );
    }
  };
}
