/**
 * @jest-environment node
 */
import { createFakeWx } from '../../test/fake-wx';
import { sessionData } from '../../test/scripted-server';
import { clearSession, isExpired, readSession, saveSession } from './session-store';

const globals = globalThis as unknown as { wx: WechatMiniprogram.Wx };

describe('session store', () => {
  let fake: ReturnType<typeof createFakeWx>;
  beforeEach(() => {
    fake = createFakeWx();
    globals.wx = fake.wx;
  });

  it("keeps the token with an expiry counted from this phone's clock", () => {
    // The server's created_at is years off this phone's clock: only the duration counts.
    const now = 1_800_000_000_000;
    saveSession(sessionData({ created_at: 1_000, expiration: 3600 }), now);
    const stored = readSession();
    expect(stored).toEqual({
      token: 'token-1',
      uid: '42',
      openid: 'o-openid-1',
      expiresAt: now + 3600 * 1000,
    });
    expect(isExpired(stored!, now + 3600 * 1000 - 61 * 1000)).toBe(false);
    // A minute early, so it never lapses between the check and the server.
    expect(isExpired(stored!, now + 3600 * 1000 - 59 * 1000)).toBe(true);
  });

  it('reads nothing after a sign-out, or from a malformed entry', () => {
    saveSession(sessionData());
    clearSession();
    expect(readSession()).toBeNull();
    fake.wx.setStorageSync('wechat-bind:session', { token: 42 });
    expect(readSession()).toBeNull();
    fake.wx.setStorageSync('wechat-bind:session', 'token');
    expect(readSession()).toBeNull();
  });
});
