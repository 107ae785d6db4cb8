import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { S3Error } from './s3-error';
import { requireSigV4 } from './sigv4-authorization';

interface S3Object {
  bytes: Buffer;
  contentType: string;
  cacheControl?: string;
  etag: string;
}

/** Objects are at most this large here: enough for any avatar, small enough for memory. */
const MAX_OBJECT_BYTES = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OBJECT_BYTES) {
        reject(new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * PUT, GET and HEAD of an object, path-style (`/<bucket>/<key>`), each SigV4-signed. Buckets
 * exist as soon as something is put in them; objects live in memory for the sandbox's lifetime.
 */
export function registerS3Objects(router: Router): void {
  const objects = new Map<string, S3Object>();
  const nameOf = (ctx: Context) => `${ctx.params.bucket}/${ctx.params.key}`;

  router.put('/:bucket/*key', async (ctx) => {
    requireSigV4(ctx.get('authorization') || undefined);
    const bytes = await readBody(ctx.req);
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    objects.set(nameOf(ctx), {
      bytes,
      contentType: ctx.get('content-type') || 'application/octet-stream',
      cacheControl: ctx.get('cache-control') || undefined,
      etag,
    });
    ctx.status = 200;
    ctx.set('ETag', etag);
    ctx.body = '';
  });

  // Koa's router answers HEAD with this route too, without the body.
  router.get('/:bucket/*key', (ctx) => {
    requireSigV4(ctx.get('authorization') || undefined);
    const object = objects.get(nameOf(ctx));
    if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    ctx.set('ETag', object.etag);
    if (object.cacheControl) ctx.set('Cache-Control', object.cacheControl);
    ctx.type = object.contentType;
    ctx.body = object.bytes;
  });
}
