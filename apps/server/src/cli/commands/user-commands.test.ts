import { uniqueEmail, uniqueMobile } from '../../../test/support/test-data';
import type { TestContext } from '../../../test/support/test-context';
import { createTestContext, unique } from '../../../test/support/test-context';
import { createCliHarness } from '../../../test/support/cli-harness';

describe('CLI user commands', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  it('user:create prints only the new id, and the user is stored as given', async () => {
    const cli = createCliHarness(context.models);
    const mobile = uniqueMobile();
    const email = uniqueEmail();
    const name = unique('Alice');
    const { code, stdout, stderr } = await cli.run(
      'user:create',
      '--name',
      name,
      '--mobile',
      mobile,
      '--email',
      email.toUpperCase(),
      '--gender',
      'female',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const user = await context.models.User.findByPk(stdout.trim());
    expect(user).toMatchObject({ name, mobile, email, gender: 'female' });
    // The store was opened for the command and closed after it.
    expect([cli.opened, cli.closed]).toEqual([1, 1]);
  });

  it('user:create with no options makes an anonymous user', async () => {
    const cli = createCliHarness(context.models);
    const { code, stdout } = await cli.run('user:create');
    expect(code).toBe(0);
    expect(await context.models.User.findByPk(stdout.trim())).toMatchObject({ gender: 'secret' });
  });

  it('user:create refuses bad values with exit 2, a taken mobile with exit 1', async () => {
    const cli = createCliHarness(context.models);
    const badMobile = await cli.run('user:create', '--mobile', '12345');
    expect(badMobile).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: mobile must be a mainland China mobile number (11 digits starting 13-19), got "12345"\n',
    });
    const badEmail = await cli.run('user:create', '--email', 'nobody');
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('error: email must be an email address');

    const badGender = await cli.run('user:create', '--gender', 'other');
    expect(badGender.code).toBe(2);
    expect(badGender.stderr).toContain(
      "argument 'other' is invalid. Allowed choices are male, female, secret.",
    );

    const missingValue = await cli.run('user:create', '--name');
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toContain("error: option '--name <name>' argument missing");

    const mobile = uniqueMobile();
    expect((await cli.run('user:create', '--mobile', mobile)).code).toBe(0);
    const taken = await cli.run('user:create', '--mobile', mobile);
    expect(taken).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: mobile ${mobile} already belongs to another user\n`,
    });
  });

  it('user:list prints a table of the newest users, up to --limit', async () => {
    const cli = createCliHarness(context.models);
    const name = unique('listed');
    const id = (await cli.run('user:create', '--name', name)).stdout.trim();

    const { code, stdout } = await cli.run('user:list', '--limit', '1000');
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+MOBILE\s+EMAIL\s+GENDER\s+CREATED$/);
    const row = rows.find((line) => line.startsWith(id));
    expect(row).toMatch(
      new RegExp(`^${id}\\s+${name}\\s+-\\s+-\\s+secret\\s+\\d{4}-\\d\\d-\\d\\dT`),
    );

    const limited = await cli.run('user:list', '--limit', '2');
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(3);

    for (const limit of ['0', 'ten', '1.5', '1001', '-1']) {
      const bad = await cli.run('user:list', '--limit', limit);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('Expected a whole number from 1 to 1000.');
    }
  });
});
