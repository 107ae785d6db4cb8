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
      {
        onInvalid: (details, source) =>
          new RequestError({
            code: 'invalid',
            status: 422,
            message: `${source} invalid`,
            details: { fields: details.map((detail) => detail.path.join('.')) },
          }),
        checkReplies: false,
      },
    ),
    (ctx) => {
      ctx.body = ctx.guard;
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

describe('koaGuard reply checks', () => {
  const reply = Joi.object({ id: Joi.string().required() });

  function appAnswering(body: unknown, { checkReplies }: { checkReplies: boolean }) {
    const app = new Koa();
    app.silent = true;
    app.use(koaErrorHandler(createLogger({ level: 'silent' })));
    const router = new Router();
    router.get(
      '/thing',
      koaGuard(
        { response: reply },
        {
          onInvalid: () => new RequestError({ code: 'invalid', status: 400 }),
          checkReplies,
        },
      ),
      (ctx) => {
        ctx.body = body as { id: string };
      },
    );
    app.use(router.routes());
    return app;
  }

  it('lets a reply of the declared shape through', async () => {
    const response = await request(
      appAnswering({ id: 'a' }, { checkReplies: true }).callback(),
    ).get('/thing');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: 'a' });
  });

  it('answers 500 when a reply drifts from its schema (outside production)', async () => {
    const app = appAnswering({ id: 1, secret: 'x' }, { checkReplies: true });
    const response = await request(app.callback()).get('/thing');
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('does not look at replies when the checks are off (production)', async () => {
    const app = appAnswering({ id: 1 }, { checkReplies: false });
    expect((await request(app.callback()).get('/thing')).status).toBe(200);
  });
});
