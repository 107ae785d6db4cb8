import request from 'supertest';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext } from '../../test/support/test-context';
import { FORWARDED_FOR_WARNING } from './koa-forwarded-for-warning';

const warnings = (context: TestContext) =>
  context.logLines
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => entry.level === 40 && entry.msg === FORWARDED_FOR_WARNING);

describe('X-Forwarded-For while TRUST_PROXY is off', () => {
  it('is warned about once, at the first request that carries it', async () => {
    const context = await createTestContext({ config: { TRUST_PROXY: 'false' } });
    try {
      const http = request(context.app.callback());
      await http.get('/healthz');
      expect(warnings(context)).toHaveLength(0);
      await http.get('/healthz').set('X-Forwarded-For', '198.51.100.7');
      await http.get('/healthz').set('X-Forwarded-For', '198.51.100.8');
      expect(warnings(context)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('is not warned about when TRUST_PROXY is on', async () => {
    const context = await createTestContext({ config: { TRUST_PROXY: 'true' } });
    try {
      await request(context.app.callback()).get('/healthz').set('X-Forwarded-For', '198.51.100.7');
      expect(warnings(context)).toHaveLength(0);
    } finally {
      await context.close();
    }
  });
});
