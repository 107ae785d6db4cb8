import {
  createEmailUser,
  createMembership,
  createWechatAccount,
} from '../../../test/support/account-test-data';
import type { AccountTestClient } from '../../../test/support/account-linking-client';
import { createAccountTestClient } from '../../../test/support/account-linking-client';

/**
 * Link and unlink fired in parallel at one pair. Each request runs in one transaction behind the
 * WeChat account's row lock, so they take turns; whatever the order, the store must end in a state
 * some sequence of them explains, and the audit rows must tell that sequence.
 */
describe('link and unlink racing on one pair', () => {
  let client: AccountTestClient;
  beforeAll(async () => {
    client = await createAccountTestClient();
  });
  afterAll(() => client.close());
  const models = () => client.context.models;

  it('keeps the store consistent and the audit rows tell the story', async () => {
    const user = await createEmailUser(models());
    const wechat = await createWechatAccount(models());
    const unionId = wechat.accountKey;
    const membership = await createMembership(models(), { unionId });

    const rounds = 12;
    const responses = await Promise.all(
      Array.from({ length: rounds }, (_, index) =>
        index % 2 === 0
          ? client.post('/account/wx/link', unionId, { userId: user.id })
          : client.post('/account/wx/unlink', unionId, { userId: user.id, anchor: 'wechat' }),
      ),
    );

    // Every request got a documented answer: link 204 (a repeat is a no-op), unlink 204 or 404.
    const links = responses.filter((_, index) => index % 2 === 0);
    const unlinks = responses.filter((_, index) => index % 2 === 1);
    expect(links.every((response) => response.status === 204)).toBe(true);
    expect(unlinks.every((response) => [204, 404].includes(response.status))).toBe(true);

    // The audit tells a strict alternation that starts with a link (the pair began unlinked).
    const audit = await models().AuditEvent.findAll({
      where: { subjectType: 'user', subjectId: user.id },
      order: [['id', 'ASC']],
    });
    const story = audit
      .map((row) => row.action)
      .filter((action) => action === 'account.link' || action === 'account.unlink');
    story.forEach((action, index) => {
      expect(action).toBe(index % 2 === 0 ? 'account.link' : 'account.unlink');
    });
    const unlinked = story.filter((action) => action === 'account.unlink').length;
    expect(unlinked).toBe(unlinks.filter((response) => response.status === 204).length);
    // Every link merged the WeChat membership and every unlink split it back.
    const merges = audit.filter((row) => row.action === 'membership.merge').length;
    const splits = audit.filter((row) => row.action === 'membership.split').length;
    expect(merges).toBe(story.length - unlinked);
    expect(splits).toBe(unlinked);
    const backups = await models().MembershipBackup.count({
      where: { membershipId: membership.id },
    });
    expect(backups).toBe(merges + splits);

    // The final state is the one the last audit row describes.
    const linkedNow = story.at(-1) === 'account.link';
    await Promise.all([wechat.reload(), membership.reload()]);
    expect(wechat.userId).toBe(linkedNow ? user.id : null);
    expect(Boolean(wechat.boundAt)).toBe(linkedNow);
    expect(membership.unionId).toBe(unionId);
    expect(membership.userId).toBe(linkedNow ? user.id : null);
    expect(await models().Membership.count({ where: { unionId } })).toBe(1);
    const account = await client.get('/account/wx', unionId);
    expect(account.body).toMatchObject({
      id: linkedNow ? user.id : '',
      membership: { unionId, ftcId: linkedNow ? user.id : null },
    });
  });
});
