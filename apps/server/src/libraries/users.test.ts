import { DuplicateError, NotFoundError, ValidationError } from './errors';
import type { TestContext } from '../../test/support/test-context';
import { createTestContext, unique } from '../../test/support/test-context';
import { uniqueEmail, uniqueMobile } from '../../test/support/test-data';
import { createUser, findUser, listUsers, requireUser } from './users';

describe('users', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  it('creates a user with every field, the email lower-cased', async () => {
    const mobile = uniqueMobile();
    const email = uniqueEmail();
    const user = await createUser(context.models, {
      name: '  Alice  ',
      mobile,
      email: email.toUpperCase(),
      gender: 'female',
    });
    expect(user).toMatchObject({ name: 'Alice', mobile, email, gender: 'female' });
    const row = await context.models.User.findByPk(user.id);
    expect(row).toMatchObject({ name: 'Alice', mobile, email, gender: 'female' });
  });

  it('creates a user with nothing at all: gender secret, the rest empty', async () => {
    const user = await createUser(context.models, {});
    expect(user).toMatchObject({ name: null, mobile: null, email: null, gender: 'secret' });
    // Empty strings mean "not given", so they do not collide on the unique columns.
    await createUser(context.models, { mobile: '', email: ' ' });
    await createUser(context.models, { mobile: '', email: ' ' });
  });

  it.each([
    ['mobile', { mobile: '12345678901' }],
    ['mobile', { mobile: '1381234567' }],
    ['mobile', { mobile: '138123456789' }],
    ['mobile', { mobile: '+8613812345678' }],
    ['mobile', { mobile: '1381234567a' }],
    ['email', { email: 'not-an-email' }],
    ['email', { email: 'a b@example.com' }],
    ['email', { email: 'a@localhost' }],
    ['email', { email: `${'a'.repeat(250)}@example.com` }],
    ['name', { name: 'n'.repeat(65) }],
    ['gender', { gender: 'other' as 'male' }],
  ])('refuses a bad %s (%j) and names the field', async (field, input) => {
    const attempt = createUser(context.models, input);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ field });
  });

  it('refuses a mobile or an email (in any case) that another user has, naming the field', async () => {
    const mobile = uniqueMobile();
    const email = uniqueEmail();
    await createUser(context.models, { mobile, email });

    const byMobile = createUser(context.models, { mobile });
    await expect(byMobile).rejects.toBeInstanceOf(DuplicateError);
    await expect(byMobile).rejects.toMatchObject({
      field: 'mobile',
      message: `mobile ${mobile} already belongs to another user`,
    });

    const byEmail = createUser(context.models, { email: email.toUpperCase() });
    await expect(byEmail).rejects.toBeInstanceOf(DuplicateError);
    await expect(byEmail).rejects.toMatchObject({
      field: 'email',
      message: `email ${email} already belongs to another user`,
    });
  });

  it('finds a user by id; unknown and malformed ids find nothing', async () => {
    const user = await createUser(context.models, { name: unique('bob') });
    expect(await findUser(context.models, user.id)).toEqual(user);
    expect(await findUser(context.models, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await findUser(context.models, 'not-a-uuid')).toBeNull();
    await expect(requireUser(context.models, 'not-a-uuid')).rejects.toThrow(
      new NotFoundError('user', 'not-a-uuid'),
    );
  });

  it('lists users, newest first, up to the limit', async () => {
    const names = [unique('first'), unique('second'), unique('third')];
    for (const name of names) {
      await createUser(context.models, { name });
      // created_at has millisecond resolution: keep the three apart so their order is defined.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }

    const all = await listUsers(context.models, { limit: 1000 });
    const ours = all.filter((user) => names.includes(user.name ?? ''));
    expect(ours.map((user) => user.name)).toEqual([...names].reverse());
    expect(await listUsers(context.models, { limit: 2 })).toHaveLength(2);
    for (const limit of [0, -1, 1.5, 1001]) {
      await expect(listUsers(context.models, { limit })).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
