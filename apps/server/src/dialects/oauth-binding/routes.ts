import type Router from '@koa/router';
import type { CreateOAuthBindingRequest } from '@wechat-bind/dto';
import { ADMINISTRATOR_MESSAGES, ADMINISTRATOR_ROUTES } from '@wechat-bind/dto';
import type { AppContext } from '../../app-context';
import { OAUTH_BINDING_TYPES } from '../../libraries/oauth-binding';
import { koaBearerAuth } from '../../middleware/koa-bearer-auth';
import { koaGuard } from '../../middleware/koa-guard';
import { koaBearerOrWebSession, koaWebSessionAuth } from '../../middleware/koa-web-session-auth';
import { forbiddenOrigin, onInvalidInput, unauthenticated } from './errors';
import { success } from './reply';
import { auditContextOf, authenticatedUser } from './request-context';
import {
  createBody,
  createReply,
  listReply,
  typeParams,
  typesReply,
  updateBody,
  updateReply,
} from './schemas';
import { webSessionRoutes } from './session-routes';
import { webCookieSettings } from './web-session-setup';

/** Every path of this dialect is below it. */
export const ADMINISTRATOR_PREFIX = '/api/administrator';

/** ADMINISTRATOR_ROUTES names full paths; the router the routes go on already has the prefix. */
function below(path: string): string {
  if (!path.startsWith(`${ADMINISTRATOR_PREFIX}/`)) {
    throw new Error(`${path} is not below ${ADMINISTRATOR_PREFIX}`);
  }
  return path.slice(ADMINISTRATOR_PREFIX.length);
}

/** The schema lets no body through without a code; for DING_TALK `code` wins over `authCode`. */
const codeOf = (body: CreateOAuthBindingRequest): string =>
  body.code !== undefined ? body.code : body.authCode;

/** `GET …/oauth-binding/types`: beside 02's list, which keeps its documented reply. */
export const TYPES_PATH = '/oauth-binding/types';

/**
 * 02/03 administrator OAuth binding (api-docs/02-oauth-binding-create.md, 03-oauth-binding-update.md).
 * Every route authenticates first (a personal access token, or the web page's session cookie
 * with its CSRF token), so nothing about the input is revealed to an unauthenticated caller;
 * then it validates, then calls the binding library.
 */
export function oauthBindingRoutes(router: Router, context: AppContext): void {
  const { models, checkReplies, upstreams } = context;
  const { oauthBinding } = context.libraries;
  const sessions = context.libraries.webSessions;
  const cookies = webCookieSettings(context, ADMINISTRATOR_PREFIX);
  const authenticated = koaBearerOrWebSession(
    koaBearerAuth(models, unauthenticated),
    koaWebSessionAuth(sessions.sessions, cookies, {
      onUnauthenticated: unauthenticated,
      onForbidden: forbiddenOrigin,
    }),
  );

  webSessionRoutes(router, context, { sessions, cookies, authenticated });

  /**
   * The types this server has an app for, in the API's order. Open to anyone: the signed-out page
   * needs it to offer its sign-in buttons, and the providers' consent pages reveal as much.
   */
  const configuredTypes = OAUTH_BINDING_TYPES.filter(
    (type) =>
      ({
        WECHAT: upstreams.webApp,
        WECHAT_MP: upstreams.mpApp,
        DING_TALK: upstreams.dingtalkApp,
        WECOM: upstreams.wecomApp,
      })[type] !== undefined,
  );
  router.get(
    TYPES_PATH,
    koaGuard({ response: typesReply }, { onInvalid: onInvalidInput(), checkReplies }),
    (ctx) => {
      ctx.body = success(configuredTypes);
    },
  );

  /**
   * `GET /api/administrator/user/oauth-binding`, the call 02's own request example makes: the
   * user's bindings, `data: [{ type, nickname, avatar, boundAt }]`.
   */
  router.get(
    below(ADMINISTRATOR_ROUTES.listOAuthBindings.path),
    authenticated,
    koaGuard({ response: listReply }, { onInvalid: onInvalidInput(), checkReplies }),
    async (ctx) => {
      ctx.body = success(await oauthBinding.list(authenticatedUser(ctx)));
    },
  );

  /**
   * 02: `POST /api/administrator/user/oauth-binding` `{ type, code, state }` binds the account the
   * provider vouches for: `data: "绑定成功"`, the same when it was already this user's, and when a
   * rebind's state replaced the user's previous account of the type.
   */
  router.post(
    below(ADMINISTRATOR_ROUTES.createOAuthBinding.path),
    authenticated,
    koaGuard(
      { body: createBody, response: createReply },
      { onInvalid: onInvalidInput(createBody), checkReplies },
    ),
    async (ctx) => {
      const { body } = ctx.guard;
      await oauthBinding.completeBinding({
        userId: authenticatedUser(ctx),
        type: body.type,
        code: codeOf(body),
        state: body.state,
        audit: auditContextOf(ctx),
      });
      ctx.body = success(ADMINISTRATOR_MESSAGES.bound);
    },
  );

  /**
   * 03: `PUT /api/administrator/user/oauth-binding/{type}` `{ state }`: `true` unbinds
   * (`data: "操作成功"`, also when nothing was bound: a double click is not an error), `false`
   * answers the provider's authorize URL with a fresh state (for a user who has an account of the
   * type, 重新获取绑定: the POST that follows replaces it).
   */
  router.put(
    below(ADMINISTRATOR_ROUTES.updateOAuthBinding.path),
    authenticated,
    koaGuard(
      { params: typeParams, body: updateBody, response: updateReply },
      { onInvalid: onInvalidInput(updateBody), checkReplies },
    ),
    async (ctx) => {
      const { params, body } = ctx.guard;
      const userId = authenticatedUser(ctx);
      if (body.state) {
        await oauthBinding.unbind({ userId, type: params.type, audit: auditContextOf(ctx) });
        ctx.body = success(ADMINISTRATOR_MESSAGES.done);
      } else {
        ctx.body = success(await oauthBinding.startBinding({ userId, type: params.type }));
      }
    },
  );
}
