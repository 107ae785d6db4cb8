import { DEFAULT_ATTEMPT_LIMITS } from '../../libraries/oauth-binding';
import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { startAdministratorKit } from '../../../test/support/oauth-binding-kit';

const TOO_MANY = { code: 429, msg: '操作过于频繁，请稍后再试' };

describe('per-user attempt limits', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('stops a user guessing states after the budget, and no one else', async () => {
    const [guesser, bystander] = [await kit.newAdmin(), await kit.newAdmin()];
    const guess = (index: number) =>
      kit.post(guesser, { type: 'WECHAT', code: 'c', state: `guess-${index}` });
    for (let index = 0; index < DEFAULT_ATTEMPT_LIMITS.points; index += 1) {
      expect((await guess(index)).status).toBe(403);
    }
    const stopped = await guess(DEFAULT_ATTEMPT_LIMITS.points);
    expect(stopped.status).toBe(429);
    expect(stopped.body).toEqual(TOO_MANY);
    const retryAfter = Number(stopped.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_ATTEMPT_LIMITS.durationSeconds);

    // Starting a binding has its own budget, and other users have theirs.
    expect((await kit.put(guesser, 'WECHAT', { state: false })).status).toBe(200);
    expect((await kit.post(bystander, { type: 'WECHAT', code: 'c', state: 'guess' })).status).toBe(
      403,
    );
  });

  it('limits how many states one user can have issued', async () => {
    const admin = await kit.newAdmin();
    const starts = await Promise.all(
      Array.from({ length: DEFAULT_ATTEMPT_LIMITS.points + 2 }, () =>
        kit.put(admin, 'DING_TALK', { state: false }),
      ),
    );
    const counted = starts.map((response) => response.status);
    expect(counted.filter((status) => status === 200)).toHaveLength(DEFAULT_ATTEMPT_LIMITS.points);
    expect(counted.filter((status) => status === 429)).toHaveLength(2);
  });
});
