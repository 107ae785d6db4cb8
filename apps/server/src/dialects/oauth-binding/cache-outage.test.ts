import request from 'supertest';
import { closedPort } from '../../../test/support/closed-port';
import { createApp } from '../../app';
import { createRedisClient } from '../../redis/create-redis';
import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { PATH, startAdministratorKit } from '../../../test/support/oauth-binding-kit';

describe('when Redis (states and limits) is away', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('answers 503 in the envelope, promptly, and still lists bindings from PostgreSQL', async () => {
    const redis = createRedisClient(`redis://127.0.0.1:${await closedPort()}`, 'x:');
    try {
      const app = createApp({ ...kit.context.deps, redis }).callback();
      const admin = await kit.newAdmin();
      const unavailable = { code: 503, msg: '服务暂不可用，请稍后重试' };

      const started = Date.now();
      const put = await request(app)
        .put(`${PATH}/WECHAT`)
        .set('Authorization', admin.auth)
        .send({ state: false });
      expect(put.status).toBe(503);
      expect(put.body).toEqual(unavailable);
      const post = await request(app)
        .post(PATH)
        .set('Authorization', admin.auth)
        .send({ type: 'WECHAT', code: 'c', state: 's' });
      expect(post.body).toEqual(unavailable);
      expect(Date.now() - started).toBeLessThan(10_000);

      const list = await request(app).get(PATH).set('Authorization', admin.auth);
      expect(list.body).toEqual({ code: 200, data: [], msg: 'success' });
    } finally {
      redis.disconnect();
    }
  });
});
