import { Router } from '@koa/router';
import { S3_PATH } from './credentials';
import { registerS3Objects } from './objects';
import { S3Error } from './s3-error';

/**
 * A minimal S3 (path-style PUT, GET and HEAD of objects, SigV4 access key checked) for the
 * server's S3 avatar store. Mounted before the sandbox's body parser: objects are raw bytes.
 */
export function s3Router(): Router {
  const router = new Router({ prefix: S3_PATH });
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      ctx.status = error.status;
      ctx.type = 'application/xml';
      ctx.body = error.toXml(ctx.path);
    }
  });
  registerS3Objects(router);
  return router;
}

export { S3_PATH, SANDBOX_S3_CREDENTIALS } from './credentials';
