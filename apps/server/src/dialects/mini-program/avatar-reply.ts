import type { Context } from 'koa';
import type { AvatarLookup } from '../../libraries/profiles';
import { RequestError } from '../../errors/request-error';

/** An avatar's bytes never change (its id is their hash): caches may keep them for a year. */
const AVATAR_CACHE = 'public, max-age=31536000, immutable';
/** The public copy's address could change with the operator's CDN, so it is cached for a day. */
const REDIRECT_CACHE = 'public, max-age=86400';

/**
 * GET /accounts/avatars/:id: the image with its type, a strong ETag (its hash) and 304 when the
 * client has it already, or a 302 to the bucket's public copy when AVATAR_PUBLIC_BASE_URL is set.
 * The security headers stay: nosniff with the type read from the bytes, and a CSP that lets
 * nothing run even if an image were opened as a page.
 */
export function sendAvatar(ctx: Context, lookup: AvatarLookup): void {
  if (!lookup.found)
    throw new RequestError({ code: 'not_found', status: 404, message: '头像不存在' });
  if ('redirect' in lookup) {
    ctx.set('Cache-Control', REDIRECT_CACHE);
    ctx.redirect(lookup.redirect);
    return;
  }
  const { avatar } = lookup;
  ctx.status = 200;
  ctx.set('Cache-Control', AVATAR_CACHE);
  ctx.etag = avatar.id.slice(0, avatar.id.indexOf('.'));
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = avatar.contentType;
  ctx.body = avatar.bytes;
}
