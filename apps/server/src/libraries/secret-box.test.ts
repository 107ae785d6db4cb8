import { randomBytes } from 'node:crypto';
import { SecretBoxError, createSecretBox } from './secret-box';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, for any text', () => {
    for (const plain of [
      '',
      'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=',
      '密钥 ✓',
      'x'.repeat(5000),
    ]) {
      expect(box.open(box.seal(plain))).toBe(plain);
    }
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url, with a fresh iv every time', () => {
    const first = box.seal('same text');
    const second = box.seal('same text');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(first).not.toContain('same text');
  });

  it('refuses data sealed under another key', () => {
    const other = createSecretBox(randomBytes(32));
    expect(() => box.open(other.seal('secret'))).toThrow(SecretBoxError);
  });

  it('refuses any altered part', () => {
    const sealed = box.seal('secret value');
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      const altered = [...parts];
      altered[index] = bytes.toString('base64url');
      expect(() => box.open(altered.join('.'))).toThrow(SecretBoxError);
    }
  });

  it('refuses text that is not in its format, with a typed error', () => {
    const sealed = box.seal('secret');
    const [, iv, tag, body] = sealed.split('.');
    for (const bad of [
      '',
      'plain text',
      `v2.${iv}.${tag}.${body}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag}.${body}.extra`,
      `v1.${iv}.${tag}.${body}!`,
      `v1.${iv}.${tag!.slice(4)}.${body}`,
      `v1.${iv!.slice(2)}.${tag}.${body}`,
    ]) {
      expect(() => box.open(bad)).toThrow(SecretBoxError);
    }
  });

  it('needs a 32-byte key, and keeps its own copy of it', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
    const key = randomBytes(32);
    const own = createSecretBox(key);
    const sealed = own.seal('secret');
    key.fill(0);
    expect(own.open(sealed)).toBe('secret');
  });
});
