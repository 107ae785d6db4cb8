import { uniqueMobile } from '../../test/support/test-data';
import { createTestContext } from '../../test/support/test-context';
import { redactSql } from './redact-sql';

describe('redactSql', () => {
  it('hides every string literal and keeps the shape of the statement', () => {
    expect(
      redactSql(
        `SELECT "id" FROM "users" WHERE "mobile" = '13800138000' AND "email" = 'a@b.cn' LIMIT 1;`,
      ),
    ).toBe(`SELECT "id" FROM "users" WHERE "mobile" = '…' AND "email" = '…' LIMIT 1;`);
  });

  it('is not ended early by a quote inside a value', () => {
    expect(redactSql(`WHERE "name" = 'O''Brien 13800138000'`)).toBe(`WHERE "name" = '…'`);
    expect(redactSql(`WHERE "name" = E'O\\'Brien 13800138000'`)).toBe(`WHERE "name" = '…'`);
  });
});

describe('the debug SQL log', () => {
  it('shows the statements without the mobiles and emails in them', async () => {
    const context = await createTestContext();
    try {
      const mobile = uniqueMobile();
      const email = `${mobile}@redacted.example.com`;
      await context.models.User.create({ name: 'redaction', mobile, email });
      await context.models.User.findOne({ where: { mobile } });
      await context.models.User.findOne({ where: { email } });
      const sql = context.logLines
        .map((line) => JSON.parse(line) as { msg: string; sql?: string })
        .filter((entry) => entry.msg === 'sql')
        .map((entry) => entry.sql!);
      expect(sql).toContainEqual(expect.stringMatching(/WHERE "User"\."mobile" = '…'/));
      const log = context.logLines.join('');
      expect(log).not.toContain(mobile);
      expect(log).not.toContain(email);
    } finally {
      await context.close();
    }
  });
});
