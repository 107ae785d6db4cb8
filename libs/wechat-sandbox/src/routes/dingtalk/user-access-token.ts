import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { DingtalkError } from '../../dingtalk/dingtalk-error';
import { issueDingtalkToken } from '../../dingtalk/dingtalk-tokens';
import { endpoint } from '../../http/endpoint';
import { bodyWasUnparsable, jsonObjectBody, stringField } from '../../http/params';
import type { DingtalkGrant } from '../../state/grants';
import type { SandboxState } from '../../state/sandbox-state';

/**
 * GetUserToken: the authCode from DingTalk's login redirect (or a refreshToken) → the user's
 * accessToken. Errors are HTTP 400 `{ code, message, requestid }`. A missing field is
 * `Missing<field>` / "<field> is mandatory for this action.", DingTalk's own pattern; the codes
 * for a bad client or code are the sandbox's names (see README), so clients should branch on the
 * HTTP status and treat `code` as a hint.
 * https://open.dingtalk.com/document/orgapp/obtain-user-token
 */
export function registerUserAccessToken(router: Router, state: SandboxState): void {
  router.post(
    '/v1.0/oauth2/userAccessToken',
    endpoint(state, '/v1.0/oauth2/userAccessToken'),
    (ctx) => {
      const body = readBody(ctx);
      const clientId = required(body, 'clientId');
      const clientSecret = required(body, 'clientSecret');
      const grantType = required(body, 'grantType');

      const app = state.dingtalkApps.find(clientId);
      if (!app) throw new DingtalkError(400, 'invalidClientId', 'clientId is not a registered app');
      if (app.clientSecret !== clientSecret) {
        throw new DingtalkError(400, 'invalidClientSecret', 'clientSecret is wrong');
      }

      let grant: DingtalkGrant;
      if (grantType === 'authorization_code') {
        grant = redeemAuthCode(state, required(body, 'code'), clientId);
      } else if (grantType === 'refresh_token') {
        grant = checkRefreshToken(state, required(body, 'refreshToken'), clientId);
      } else {
        throw new DingtalkError(
          400,
          'invalidParameter',
          'grantType must be authorization_code or refresh_token',
        );
      }
      ctx.body = issueDingtalkToken(state, app, grant);
    },
  );
}

function readBody(ctx: Context): Record<string, unknown> {
  const body = jsonObjectBody(ctx);
  if (bodyWasUnparsable(ctx) || !body) {
    throw new DingtalkError(400, 'Missingbody', 'body is mandatory for this action.');
  }
  return body;
}

function required(body: Record<string, unknown>, name: string): string {
  const value = stringField(body, name);
  if (value === undefined) {
    throw new DingtalkError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  }
  return value;
}

/** Consumes an authCode: once only, within its lifetime, by the app it was issued to. */
function redeemAuthCode(state: SandboxState, code: string, clientId: string): DingtalkGrant {
  const minted = state.dingtalkCodes.peek(code);
  // A code issued to another app is unknown here, and must stay usable by its own app.
  if (minted.status === 'ok' && minted.value.clientId !== clientId) {
    throw new DingtalkError(400, 'invalidAuthCode', 'authCode is invalid');
  }
  const found = state.dingtalkCodes.take(code);
  if (found.status === 'ok') return found.value;
  const why = { used: 'has been used', expired: 'has expired', unknown: 'is invalid' }[
    found.status
  ];
  throw new DingtalkError(400, 'invalidAuthCode', `authCode ${why}`);
}

/** A refresh token may be used again while it lives, as DingTalk's may. */
function checkRefreshToken(state: SandboxState, token: string, clientId: string): DingtalkGrant {
  const found = state.dingtalkRefreshTokens.peek(token);
  if (found.status === 'ok' && found.value.clientId === clientId) return found.value;
  const why = found.status === 'expired' ? 'has expired' : 'is invalid';
  throw new DingtalkError(400, 'invalidRefreshToken', `refreshToken ${why}`);
}
