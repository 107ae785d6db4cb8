import type { RequestParams } from 'autocannon';
import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import type { ScenarioName } from './bench-options';
import { mapLimit } from './concurrency';
import type { Population } from './seed';
import { authorizeBody, signedBind } from './seed';

export type Side = 'server' | 'baseline';

export interface Scenario {
  name: ScenarioName;
  /** As in the table: method and path. */
  title: string;
  /** Single-use requests (codes, signatures): made ahead for each phase and sent once each. */
  exhaust: boolean;
  /** The requests of one phase: `count` fresh ones when `exhaust`, else a list to repeat. */
  requests(side: Side, count: number): Promise<RequestParams[]>;
}

/** Bind attempts a user may make per 10 minutes (libraries/weixin-binding/attempt-limiter.ts). */
const BIND_ATTEMPTS = 10;

export function defineScenarios(population: Population, control: SandboxControl): Scenario[] {
  const { people } = population;
  // The set-up bound every user once through the server: that attempt counts on its side.
  const bindsUsed: Record<Side, number[]> = {
    server: people.map(() => 1),
    baseline: people.map(() => 0),
  };

  return [
    {
      name: 'wxa_authorize',
      title: 'POST /accounts/wxa_authorize',
      exhaust: true,
      requests: (_side, count) =>
        mapLimit(
          Array.from({ length: count }, (_, index) => index),
          32,
          async (index) => ({
            method: 'POST',
            path: '/accounts/wxa_authorize',
            headers: { 'content-type': 'application/json' },
            body: await authorizeBody(control, people[index % people.length]!.unionid),
          }),
        ),
    },
    {
      name: 'bind_weixin',
      title: 'PUT /api/my/bind-weixin',
      exhaust: true,
      async requests(side, count) {
        const used = bindsUsed[side];
        const requests: RequestParams[] = [];
        const now = Date.now();
        for (let round = 0; requests.length < count && round < BIND_ATTEMPTS; round += 1) {
          for (let index = 0; index < people.length && requests.length < count; index += 1) {
            if (used[index]! >= BIND_ATTEMPTS) continue;
            used[index]! += 1;
            // A distinct timestamp per use keeps every signature (and so every request) unique.
            const { authorization, body } = signedBind(people[index]!, now - used[index]!);
            requests.push({
              method: 'PUT',
              path: '/api/my/bind-weixin',
              headers: { 'content-type': 'application/json', authorization },
              body,
            });
          }
        }
        if (requests.length < count) {
          console.warn(
            `  bind-weixin: ${requests.length} requests left in the users' attempt budget (asked ${count}); raise --population`,
          );
        }
        return requests;
      },
    },
    {
      name: 'account_wx',
      title: 'GET /account/wx',
      exhaust: false,
      requests: async () =>
        people.map((person) => ({
          method: 'GET',
          path: '/account/wx',
          headers: {
            authorization: `Bearer ${population.clientKey}`,
            'x-union-id': person.unionid,
          },
        })),
    },
    {
      name: 'oauth_bindings',
      title: 'GET /api/administrator/user/oauth-binding',
      exhaust: false,
      requests: async () =>
        population.adminTokens.map((token) => ({
          method: 'GET',
          path: '/api/administrator/user/oauth-binding',
          headers: { authorization: `Bearer ${token}` },
        })),
    },
    {
      name: 'accounts_me',
      title: 'GET /accounts/me',
      exhaust: false,
      requests: async () =>
        people.map((person) => ({
          method: 'GET',
          path: '/accounts/me',
          headers: { authorization: `Bearer ${person.jwt}` },
        })),
    },
  ];
}
