import { ACCOUNT_HEADERS } from '@wechat-bind/dto';
import request from 'supertest';
import type { ClientAppKind } from '../../src/libraries/client-app-keys';
import { createClientAppKey } from '../../src/libraries/client-app-keys';
import type { TestContext, TestContextOptions } from './test-context';
import { createTestContext, unique } from './test-context';

/**
 * A test context plus a client key, and requests to /account/* that carry both headers the
 * dialect needs (the key and X-Union-Id). For the account route tests. The key is a `server` key
 * (the contract as the document writes it) unless `kind` says otherwise.
 */
export interface AccountTestClient {
  context: TestContext;
  clientKey: string;
  clientAppId: string;
  get(path: string, unionId: string): request.Test;
  post(path: string, unionId: string, body?: object): request.Test;
  close(): Promise<void>;
}

export async function createAccountTestClient(
  options: TestContextOptions & { kind?: ClientAppKind } = {},
): Promise<AccountTestClient> {
  const { kind = 'server', ...contextOptions } = options;
  const context = await createTestContext(contextOptions);
  const { id, key } = await createClientAppKey(context.models, { name: unique('client'), kind });
  const callback = context.app.callback();
  const withHeaders = (test: request.Test, unionId: string) =>
    test
      .set('Authorization', `Bearer ${key}`)
      .set(ACCOUNT_HEADERS.unionId, unionId)
      .set('User-Agent', 'account-tests/1.0');
  return {
    context,
    clientKey: key,
    clientAppId: id,
    get: (path, unionId) => withHeaders(request(callback).get(path), unionId),
    post: (path, unionId, body) => {
      const test = withHeaders(request(callback).post(path), unionId);
      return body === undefined ? test : test.send(body);
    },
    close: () => context.close(),
  };
}
