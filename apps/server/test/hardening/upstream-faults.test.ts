import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { sampleValue } from '../../src/metrics/prometheus-text';
import { closedPort } from '../support/closed-port';
import type { Attempt, UpstreamFlow } from '../support/upstream-flows';
import { attempt, upstreamFlows } from '../support/upstream-flows';
import type { World } from '../support/world';
import { startWorld } from '../support/world';

jest.setTimeout(60_000);

const wechatFlows = upstreamFlows.filter((flow) => flow.provider === 'wechat');
const named = (flows: UpstreamFlow[]) => flows.map((flow) => [flow.name, flow] as const);

describe('WeChat and DingTalk slow, down or wrong', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());
  beforeEach(async () => {
    await world.control.clearFaults();
    await world.control.resetCalls();
  });

  async function expectUnavailable(flow: UpstreamFlow, { response, written }: Attempt) {
    expect({ flow: flow.name, status: response.status, body: response.body }).toEqual({
      flow: flow.name,
      status: 502,
      body: flow.unavailable,
    });
    expect({ flow: flow.name, written: await written() }).toEqual({ flow: flow.name, written: 0 });
  }

  it('gives up on a slow provider after its deadline, in every flow at once: 502, nothing written', async () => {
    const flows = upstreamFlows;
    // Everything the clients hold is ready before the providers turn slow.
    const prepared = await Promise.all(flows.map((flow) => flow.prepare(world)));
    for (const flow of flows) {
      await world.control.addFault({ endpoint: flow.endpoints[0]!, kind: 'delay', delayMs: 8_000 });
    }
    const runs = flows.map(async (flow, index) => {
      const started = Date.now();
      const response = await prepared[index]!.send();
      return { flow, response, written: prepared[index]!.written, ms: Date.now() - started };
    });
    for (const { flow, response, written, ms } of await Promise.all(runs)) {
      await expectUnavailable(flow, { response, written });
      // The 5 s deadline, not the 8 s the provider would have taken.
      expect({ flow: flow.name, bounded: ms < 7_900 }).toEqual({ flow: flow.name, bounded: true });
    }
    const metrics = (await world.http().get('/metrics')).text;
    for (const flow of flows) {
      expect(
        sampleValue(metrics, 'wechat_bind_upstream_calls_total', {
          provider: flow.provider,
          endpoint: flow.endpoints[0]!,
          result: 'timeout',
        }),
      ).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(named(upstreamFlows))(
    '%s: garbage or a bare 5xx from any of its calls is a 502, and nothing is written',
    async (_name, flow) => {
      for (const endpoint of flow.endpoints) {
        for (const fault of [
          { endpoint, kind: 'garbage' as const },
          { endpoint, kind: 'http-status' as const, status: 503 },
        ]) {
          await world.control.clearFaults();
          const prepared = await flow.prepare(world);
          await world.control.addFault(fault);
          await expectUnavailable(flow, {
            response: await prepared.send(),
            written: prepared.written,
          });
        }
      }
    },
  );

  it.each(named(wechatFlows))(
    '%s: retries once when WeChat is busy, and succeeds',
    async (_name, flow) => {
      const endpoint = flow.endpoints.at(-1)!;
      const prepared = await flow.prepare(world);
      await world.control.resetCalls();
      await world.control.addFault({ endpoint, kind: 'errcode', errcode: -1 });
      expect((await prepared.send()).status).toBe(200);
      expect(await prepared.written()).toBeGreaterThan(0);
      expect((await world.control.getCalls()).calls[endpoint]).toBe(2);
    },
  );

  it.each(named(wechatFlows))('%s: busy twice is a 502, with no third try', async (_name, flow) => {
    const endpoint = flow.endpoints[0]!;
    const prepared = await flow.prepare(world);
    await world.control.resetCalls();
    await world.control.addFault({ endpoint, kind: 'errcode', errcode: -1, times: 3 });
    await expectUnavailable(flow, { response: await prepared.send(), written: prepared.written });
    expect((await world.control.getCalls()).calls[endpoint]).toBe(2);
  });

  it('answers 502 promptly when the providers cannot be reached at all', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const app = createApp({
      ...world.context.deps,
      upstreams: {
        ...world.context.deps.upstreams,
        wechatApiBase: nowhere,
        dingtalkApiBase: nowhere,
      },
    });
    const server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const flow of upstreamFlows) {
        const started = Date.now();
        await expectUnavailable(flow, await attempt(flow, world, url));
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
