import type { OnePersonKit } from '../support/one-person-kit';
import { MINI_APP, resetOpenPlatforms, startOnePersonKit } from '../support/one-person-kit';

/**
 * The person taps sign-in on two phones, or the mini-program retries: several wxa_authorize
 * calls bring the unionid at once. One of them joins the accounts; the others find it done.
 */
describe('parallel sign-ins of one person after the mini-program joined the Open Platform', () => {
  let kit: OnePersonKit;
  beforeAll(async () => {
    kit = await startOnePersonKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => resetOpenPlatforms(kit));

  const PARALLEL = 6;

  /** PARALLEL sign-ins, each with its own js_code, sent at once. */
  async function together(unionid: string) {
    const bodies = [];
    for (let i = 0; i < PARALLEL; i += 1) bodies.push(await kit.miniSignInBody(unionid));
    return Promise.all(bodies.map((body) => kit.miniSignIn(unionid, body)));
  }

  async function signInTogether(unionid: string) {
    const replies = await together(unionid);
    expect(replies.map((reply) => reply.status)).toEqual(Array(PARALLEL).fill(200));
    return replies.map((reply) => reply.body.data);
  }

  it('re-key once: one account, one audit row, every reply the same identity', async () => {
    const unionid = await kit.newPerson();
    const first = await kit.miniSignIn(unionid);
    const [before] = await kit.accounts(`${MINI_APP.appId}:${first.body.data.openid}`);
    await kit.openPlatform(MINI_APP.appId, true);

    const replies = await signInTogether(unionid);

    expect(new Set(replies.map((data) => `${data.openid}/${data.unionid}`))).toEqual(
      new Set([`${first.body.data.openid}/${unionid}`]),
    );
    expect(await kit.accounts(unionid)).toEqual([expect.objectContaining({ id: before!.id })]);
    const audits = await kit.mergeAudits(unionid);
    expect(audits.map((audit) => audit.details.outcome)).toEqual(['rekeyed']);
  });

  it('merge once: the binding carried over, the old account gone, one audit row', async () => {
    const unionid = await kit.newPerson();
    const admin = await kit.admin.newAdmin();
    expect((await kit.admin.bind(admin, 'WECHAT', unionid)).status).toBe(200);
    expect((await kit.admin.put(admin, 'WECHAT', { state: true })).status).toBe(200);
    const first = await kit.miniSignIn(unionid);
    const openidKey = `${MINI_APP.appId}:${first.body.data.openid}`;
    const userId = await kit.newUser({ mobile: true });
    await kit.bindInStore(openidKey, userId);
    const [target] = await kit.accounts(unionid);
    await kit.openPlatform(MINI_APP.appId, true);

    const replies = await signInTogether(unionid);

    expect(replies.map((data) => data.uid)).toEqual(Array(PARALLEL).fill(userId));
    expect(await kit.accounts(openidKey, unionid)).toEqual([
      expect.objectContaining({ id: target!.id, user_id: userId }),
    ]);
    const audits = await kit.mergeAudits(unionid);
    expect(audits.map((audit) => audit.details.outcome)).toEqual(['merged']);
  });

  it('a refusal: every reply 400, nothing changed', async () => {
    const unionid = await kit.newPerson();
    const admin = await kit.admin.newAdmin();
    expect((await kit.admin.bind(admin, 'WECHAT', unionid)).status).toBe(200);
    const first = await kit.miniSignIn(unionid);
    const openidKey = `${MINI_APP.appId}:${first.body.data.openid}`;
    await kit.bindInStore(openidKey, await kit.newUser({ mobile: true }));
    const before = await kit.accounts(openidKey, unionid);
    await kit.openPlatform(MINI_APP.appId, true);

    const replies = await together(unionid);

    expect(replies.map((reply) => reply.status)).toEqual(Array(PARALLEL).fill(400));
    expect(await kit.accounts(openidKey, unionid)).toEqual(before);
    const audits = await kit.mergeAudits(unionid);
    expect(audits.map((audit) => audit.details.outcome)).toEqual(Array(PARALLEL).fill('refused'));
  });
});
