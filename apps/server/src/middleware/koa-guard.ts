import type Joi from 'joi';
import type { Middleware } from 'koa';
import type { RequestError } from '../errors/request-error';

export interface GuardSchemas {
  body?: Joi.Schema;
  query?: Joi.Schema;
  params?: Joi.Schema;
}

/** Each dialect words validation failures its own way; the guard hands it every problem found. */
export type InvalidInputHandler = (
  details: Joi.ValidationErrorItem[],
  source: keyof GuardSchemas,
) => RequestError;

declare module 'koa' {
  interface DefaultState {
    /** What koaGuard validated, converted by its schema. */
    guarded?: { body?: unknown; query?: unknown; params?: unknown };
  }
}

/**
 * Validates the body, query and route params with joi before the handler runs and keeps the
 * validated values on `ctx.state.guarded`. A failure becomes the dialect's own RequestError, so
 * handlers only ever see input of the shape they declared.
 */
export function koaGuard(schemas: GuardSchemas, onInvalid: InvalidInputHandler): Middleware {
  return async (ctx, next) => {
    const sources = {
      body: ctx.request.body ?? {},
      query: ctx.request.query,
      params: (ctx as unknown as { params?: Record<string, string> }).params ?? {},
    };
    const guarded: Record<string, unknown> = {};
    for (const source of ['params', 'query', 'body'] as const) {
      const schema = schemas[source];
      if (!schema) continue;
      const { error, value } = schema.validate(sources[source], { abortEarly: false });
      if (error) throw onInvalid(error.details, source);
      guarded[source] = value;
    }
    ctx.state.guarded = guarded;
    await next();
  };
}
