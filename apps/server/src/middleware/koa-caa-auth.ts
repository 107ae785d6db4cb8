import { MY_ERROR_MESSAGES } from '@wechat-bind/dto';
import { SIGNATURE_WINDOW_MS, parseAuthorization, verifyRequest } from '@wechat-bind/signature';
import type { Middleware } from 'koa';
import { RequestError, httpErrors } from '../errors/request-error';
import { findActiveApiKey, markApiKeyUsed } from '../libraries/api-keys';
import { lastUsedIsFresh } from '../libraries/last-used';
import type { SecretBox } from '../libraries/secret-box';
import { SecretBoxError } from '../libraries/secret-box';
import type { Logger } from '../logger';
import type { Redis } from '../redis/create-redis';
import type { Models } from '../store/models';
import type { CaaFailureLimits } from './caa-failure-limit';
import { createCaaFailureLimit } from './caa-failure-limit';

/** Who a Caa-signed request runs as (rule 6 of signature.md). */
export interface CaaPrincipal {
  apiKey: string;
  userId: string;
  actions: string[];
}

declare module 'koa' {
  interface DefaultState {
    /** Set by koaCaaAuth once the request's signature checked out. */
    caa?: CaaPrincipal;
  }
}

export interface CaaAuthOptions {
  models: Models;
  secretBox: SecretBox;
  redis: Redis;
  logger: Logger;
  /** The API action the route needs, e.g. `client:my:bind-weixin`. */
  action: string;
  /** The server clock in ms; tests pin it to replay the document's test vector. */
  now?: () => number;
  /** Default CAA_FAILURE_LIMIT; tests lower it to reach a ceiling in a few requests. */
  failureLimits?: CaaFailureLimits;
}

/**
 * How long the replay memory must hold a signature: until its timestamp leaves the accepted
 * window (rule 3 refuses it from then on). A timestamp up to 5 minutes ahead of the server stays
 * acceptable for up to 10 minutes, which a flat 5-minute memory would not cover. One extra second
 * absorbs the time between the clock reading and the SET.
 */
export function replayMemoryMs(timestamp: number, now: number): number {
  return Math.max(0, timestamp + SIGNATURE_WINDOW_MS - now) + 1_000;
}

const refuse = {
  invalidAuthorization: () =>
    new RequestError({
      code: 'invalid_authorization',
      status: 400,
      message: MY_ERROR_MESSAGES.invalidAuthorization,
    }),
  apiKeyNotFound: () =>
    new RequestError({
      code: 'api_key_not_found',
      status: 404,
      message: MY_ERROR_MESSAGES.apiKeyNotFound,
    }),
  invalidSignature: () =>
    new RequestError({
      code: 'invalid_signature',
      status: 400,
      message: MY_ERROR_MESSAGES.invalidSignature,
    }),
  permissionDenied: () =>
    new RequestError({
      code: 'permission_denied',
      status: 403,
      message: MY_ERROR_MESSAGES.permissionDenied,
    }),
};

/**
 * Authenticates a `/api/my/*` request by its Caa signature, following api-docs/signature.md in
 * its order: (1) the header's form, (2) the key, (3) the clock, (4) the signature in constant
 * time, (5) the replay memory in Redis, shared by every instance, (6) the key's allowed actions.
 * On success the request runs as the key's user (`ctx.state.caa`).
 */
export function koaCaaAuth({
  models,
  secretBox,
  redis,
  logger,
  action,
  now: clock = Date.now,
  failureLimits,
}: CaaAuthOptions): Middleware {
  // Failures are counted per address and apiKey (and per address, with a higher ceiling), and
  // refused past a limit before the key or the signature is looked at. Reading the header's form
  // first costs nothing and tells nobody anything.
  const failureLimit = createCaaFailureLimit(redis, logger, failureLimits);
  return async (ctx, next) => {
    const parsed = parseAuthorization(ctx.get('authorization') || undefined);
    const failed = async (error: RequestError) => {
      await failureLimit.count(ctx, parsed?.apiKey);
      return error;
    };
    await failureLimit.check(ctx, parsed?.apiKey);
    if (!parsed) throw await failed(refuse.invalidAuthorization());

    const now = clock();
    const key = await findActiveApiKey(models, secretBox, parsed.apiKey, new Date(now)).catch(
      (error: unknown) => {
        if (!(error instanceof SecretBoxError)) throw error;
        // Sealed under an earlier DATA_KEY: the key can never verify again until it is reissued
        // (docs/operations.md, key rotation). Loud for the operator, "not found" for the client.
        (ctx.state.log ?? logger).error(
          { err: error, apiKey: parsed.apiKey },
          'caa api key cannot be opened with this DATA_KEY; reissue it',
        );
        return null;
      },
    );
    if (!key) throw await failed(refuse.apiKeyNotFound());

    const verdict = verifyRequest({
      parsed,
      apiSecret: key.apiSecret,
      method: ctx.method,
      // The path and query exactly as on the request line, and the body bytes as received.
      target: ctx.originalUrl,
      body: ctx.request.rawBody ?? '',
      now,
    });
    if (!verdict.ok) {
      (ctx.state.log ?? logger).info({ reason: verdict.reason }, 'caa signature refused');
      throw await failed(refuse.invalidSignature());
    }

    // Only verified signatures are remembered, so unsigned guesses can neither fill Redis nor
    // block a genuine request in advance. SET NX is atomic: of two identical requests racing on
    // several instances, exactly one sets the key.
    let first: string | null;
    try {
      first = await redis.set(
        `caa:replay:${parsed.apiKey}:${parsed.signature}`,
        '1',
        'PX',
        replayMemoryMs(Number(parsed.timestamp), now),
        'NX',
      );
    } catch (error) {
      throw httpErrors.serviceUnavailable(error);
    }
    if (first === null) {
      (ctx.state.log ?? logger).warn({ reason: 'replay' }, 'caa signature refused');
      throw await failed(refuse.invalidSignature());
    }

    if (!key.actions.includes(action)) throw refuse.permissionDenied();

    try {
      if (!lastUsedIsFresh(key.lastUsedAt, new Date(now))) {
        await markApiKeyUsed(models, parsed.apiKey, new Date(now));
      }
    } catch (error) {
      // Bookkeeping only: it must not fail a request that has been authenticated.
      (ctx.state.log ?? logger).warn({ err: error }, 'could not record api key use');
    }
    ctx.state.caa = { apiKey: parsed.apiKey, userId: key.userId, actions: key.actions };
    await next();
  };
}
