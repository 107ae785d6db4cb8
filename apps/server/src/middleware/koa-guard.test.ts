import Router from '@koa/router';
import Joi from 'joi';
import Koa from 'koa';
import request from 'supertest';
import { RequestError } from '../errors/request-error';
import { createLogger } from '../logger';
import { koaBody } from './koa-body';
import { koaErrorHandler } from './koa-error-handler';
import { koaGuard } from './koa-guard';

function appWithGuard() {
  const app = new Koa();
  app.silent = true;
  app.use(koaErrorHandler(createLogger({ level: 'silent' })));
  app.use(koaBody({ limit: '10kb' }));
  const router = new Router();
  router.post(
    '/things/:kind',
    koaGuard(
      {
        params: Joi.object({ kind: Joi.string().valid('a', 'b').required() }),
        body: Joi.object({
          name: Joi.string().required(),
          count: Joi.number().integer().default(1),
        }),
      },
      (details, source) =>
        new RequestError({
          code: 'invalid',
          status: 422,
          message: `${source} invalid`,
          details: { fields: details.map((detail) => detail.path.join('.')) },
        }),
    ),
    (ctx) => {
      ctx.body = ctx.state.guarded;
    },
  );
  app.use(router.routes());
  return app;
}

describe('koaGuard', () => {
  const app = appWithGuard();

  it('passes validated, converted values to the handler', async () => {
    const response = await request(app.callback()).post('/things/a').send({ name: 'x' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ params: { kind: 'a' }, body: { name: 'x', count: 1 } });
  });

  it('hands every problem in the failing source to the dialect handler', async () => {
    const response = await request(app.callback()).post('/things/a').send({ count: 'many' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: { code: 'invalid', message: 'body invalid' } });
  });

  it('checks route params first', async () => {
    const response = await request(app.callback()).post('/things/z').send({ name: 'x' });
    expect(response.body.error.message).toBe('params invalid');
  });
});
