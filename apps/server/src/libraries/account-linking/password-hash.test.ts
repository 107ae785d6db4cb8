import { hashPassword, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('stores a versioned scrypt hash with its parameters and a random salt', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$scrypt\$v=1\$n=32768,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toContain('correct');
    // A fresh salt each time: the same password never hashes the same way twice.
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('pässwörd-12345');
    await expect(verifyPassword('pässwörd-12345', stored)).resolves.toBe(true);
    // The same text in another Unicode normal form is the same password.
    await expect(verifyPassword('pässwörd-12345'.normalize('NFD'), stored)).resolves.toBe(true);
    await expect(verifyPassword('pässwörd-12346', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('refuses hashes it cannot read, without throwing', async () => {
    const stored = await hashPassword('password-1');
    for (const bad of [
      '',
      'plain-text',
      stored.replace('v=1', 'v=2'),
      stored.replace('n=32768', 'n=1000'),
      stored.replace('n=32768', 'n=4194304'),
      stored.replace('r=8', 'r=0'),
      stored.slice(0, -40),
    ]) {
      await expect(verifyPassword('password-1', bad)).resolves.toBe(false);
    }
  });
});
