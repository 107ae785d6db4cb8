import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { ADMINISTRATOR_MESSAGES } from '@wechat-bind/dto';
import type { AppContext } from '../../app-context';
import { randomToken } from '../../libraries/token-hash';
import type { Requester, WebSessions } from '../../libraries/web-sessions';
import { SIGN_IN_STATE_TTL_SECONDS } from '../../libraries/web-sessions/sign-in-states';
import type { WebCookieSettings } from '../../middleware/koa-web-session-auth';
import {
  koaSameOrigin,
  setWebCookie,
  WEB_SESSION_COOKIE,
  WEB_SIGN_IN_COOKIE,
} from '../../middleware/koa-web-session-auth';
import { koaGuard } from '../../middleware/koa-guard';
import { forbiddenOrigin, onInvalidInput, unauthenticated } from './errors';
import { success } from './reply';
import type { SignInRequest } from './schemas';
import {
  authorizeUrlBody,
  authorizeUrlReply,
  sessionReply,
  signInBody,
  signOutReply,
  smsCodeBody,
  smsCodeReply,
} from './schemas';

/** Paths below the dialect's prefix (docs/administrator-api.md, "Signing in to the web page"). */
export const SESSION_PATHS = {
  session: '/session',
  smsCode: '/session/sms-code',
  authorizeUrl: '/session/authorize-url',
} as const;

const isSmsSignIn = (body: SignInRequest): body is Extract<SignInRequest, { mobile: string }> =>
  typeof (body as { mobile?: unknown }).mobile === 'string';

/** `[0-9A-Za-z_-]{43}`: 32 random bytes, as the sign-in cookie is minted. */
const signInCookiePattern = /^[A-Za-z0-9_-]{43}$/;

export interface SessionRouteDeps {
  sessions: WebSessions;
  cookies: WebCookieSettings;
  /** koaBearerOrWebSession: who asks, by token or by session cookie. */
  authenticated: Middleware;
}

/**
 * This browser's sign-in cookie, minted on first use. It names the browser only while it signs
 * in: the SMS code and the OAuth state are kept for it, so a code or a redirect carried to
 * another browser finds nothing there.
 */
function requesterOf(ctx: Context, cookies: WebCookieSettings): Requester {
  let browser = ctx.cookies.get(WEB_SIGN_IN_COOKIE);
  if (!browser || !signInCookiePattern.test(browser)) {
    browser = randomToken(32);
    setWebCookie(ctx, cookies, WEB_SIGN_IN_COOKIE, browser, SIGN_IN_STATE_TTL_SECONDS * 6);
  }
  return { ip: ctx.ip, browser };
}

/** An existing sign-in cookie only: a sign-in without one cannot match any code or state. */
function existingRequesterOf(ctx: Context): Requester {
  const browser = ctx.cookies.get(WEB_SIGN_IN_COOKIE);
  return { ip: ctx.ip, browser: browser && signInCookiePattern.test(browser) ? browser : '' };
}

/**
 * The web page's sign-in: request an SMS code, get a provider's authorize URL, sign in, ask who
 * is signed in, sign out. Sign-in calls carry no session yet, so they check the origin instead
 * (a cross-site page cannot sign a visitor in to its own account); `GET` and `DELETE /session`
 * authenticate like every other route.
 */
export function webSessionRoutes(
  router: Router,
  context: AppContext,
  { sessions, cookies, authenticated }: SessionRouteDeps,
): void {
  const { checkReplies } = context;
  const sameOrigin = koaSameOrigin(cookies, forbiddenOrigin);

  router.post(
    SESSION_PATHS.smsCode,
    sameOrigin,
    koaGuard(
      { body: smsCodeBody, response: smsCodeReply },
      { onInvalid: onInvalidInput(smsCodeBody), checkReplies },
    ),
    async (ctx) => {
      ctx.body = success(await sessions.sendCode(requesterOf(ctx, cookies), ctx.guard.body.mobile));
    },
  );

  router.post(
    SESSION_PATHS.authorizeUrl,
    sameOrigin,
    koaGuard(
      { body: authorizeUrlBody, response: authorizeUrlReply },
      { onInvalid: onInvalidInput(authorizeUrlBody), checkReplies },
    ),
    async (ctx) => {
      ctx.body = success(await sessions.startOAuth(requesterOf(ctx, cookies), ctx.guard.body.type));
    },
  );

  /**
   * Signs in: a new session, whatever the browser held before. A session cookie it brought (one
   * someone may have planted: session fixation) is revoked and replaced, and the sign-in cookie is
   * cleared, so nothing chosen before the sign-in is worth anything after it.
   */
  router.post(
    SESSION_PATHS.session,
    sameOrigin,
    koaGuard(
      { body: signInBody, response: sessionReply },
      { onInvalid: onInvalidInput(signInBody), checkReplies },
    ),
    async (ctx) => {
      const { body } = ctx.guard;
      const requester = existingRequesterOf(ctx);
      const cookie = isSmsSignIn(body)
        ? await sessions.signInWithCode(requester, body.mobile, body.code)
        : await sessions.signInWithOAuth(requester, {
            type: body.type,
            code: (body.code ?? body.authCode)!,
            state: body.state,
          });
      const previous = ctx.cookies.get(WEB_SESSION_COOKIE);
      if (previous) await sessions.sessions.revoke(previous);
      const session = (await sessions.sessions.find(cookie))!;
      setWebCookie(ctx, cookies, WEB_SESSION_COOKIE, cookie, sessions.ttlSeconds);
      setWebCookie(ctx, cookies, WEB_SIGN_IN_COOKIE, null);
      const user = (await sessions.describe(session.userId))!;
      ctx.body = success({
        user: { id: user.userId, name: user.name, mobile: user.mobile },
        signedInWith: session.method,
        csrfToken: sessions.sessions.csrfTokenOf(cookie),
      });
    },
  );

  /** Who is signed in (a session or a token), and the CSRF token of a session. */
  router.get(
    SESSION_PATHS.session,
    authenticated,
    koaGuard({ response: sessionReply }, { onInvalid: onInvalidInput(), checkReplies }),
    async (ctx) => {
      const { personalAccessToken, webSession } = ctx.state;
      const userId = personalAccessToken?.userId ?? webSession!.userId;
      const user = await sessions.describe(userId);
      if (!user) throw unauthenticated();
      const cookie = ctx.cookies.get(WEB_SESSION_COOKIE);
      ctx.body = success({
        user: { id: user.userId, name: user.name, mobile: user.mobile },
        signedInWith: personalAccessToken ? 'token' : webSession!.method,
        csrfToken: !personalAccessToken && cookie ? sessions.sessions.csrfTokenOf(cookie) : null,
      });
    },
  );

  /**
   * Signs out: the session is deleted in Redis (the cookie is worthless from now on, wherever a
   * copy of it is) and the cookie cleared. With a token there is nothing to end: tokens are
   * revoked by an administrator.
   */
  router.delete(
    SESSION_PATHS.session,
    authenticated,
    koaGuard({ response: signOutReply }, { onInvalid: onInvalidInput(), checkReplies }),
    async (ctx) => {
      const cookie = ctx.cookies.get(WEB_SESSION_COOKIE);
      if (ctx.state.webSession && cookie) {
        await sessions.sessions.revoke(cookie);
        setWebCookie(ctx, cookies, WEB_SESSION_COOKIE, null);
      }
      ctx.body = success(ADMINISTRATOR_MESSAGES.done);
    },
  );
}
