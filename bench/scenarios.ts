import type { RequestParams } from 'autocannon';
import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import type { ScenarioName } from './bench-options';
import { mapLimit } from './concurrency';
import type { Population } from './seed';
import { mintMobileGrant, signFirstBind } from './newcomers';
import { authorizeBody } from './seed';

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

export function defineScenarios(population: Population, control: SandboxControl): Scenario[] {
  const { people } = population;
  // Newcomers used so far, per side: each binds once, so a phase takes the next ones.
  const bound: Record<Side, number> = { server: 0, baseline: 0 };

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
        const newcomers = population.newcomers[side].slice(bound[side], bound[side] + count);
        bound[side] += newcomers.length;
        if (newcomers.length < count) {
          throw new Error(
            `bind-weixin: ${newcomers.length} newcomers left for ${side} (asked ${count})`,
          );
        }
        const grants = await mapLimit(newcomers, 32, (newcomer) =>
          mintMobileGrant(control, newcomer),
        );
        // Signed last, just before the phase, to leave it most of a signature's 5-minute window.
        const timestamp = Date.now();
        return newcomers.map((newcomer, index) => {
          const { authorization, body } = signFirstBind(newcomer, grants[index]!, timestamp);
          return {
            method: 'PUT',
            path: '/api/my/bind-weixin',
            headers: { 'content-type': 'application/json', authorization },
            body,
          };
        });
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
