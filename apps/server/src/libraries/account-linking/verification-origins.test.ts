import { ConfigError } from '../../config';
import { testConfig } from '../../../test/support/test-context';
import { verificationSource } from './verification-origins';

describe('verificationSource', () => {
  const allowed = ['https://next-user.example.com', 'http://localhost:3000'];

  it('keeps a sourceUrl on an allowed origin, whatever its path and query', () => {
    const sourceUrl = 'https://next-user.example.com/verify/?from=mail';
    expect(verificationSource(sourceUrl, allowed)).toEqual({ sourceUrl });
    expect(verificationSource('https://NEXT-USER.example.com:443/v', allowed)).toEqual({
      sourceUrl: 'https://NEXT-USER.example.com:443/v',
    });
  });

  it('ignores any other origin, and names it', () => {
    expect(verificationSource('https://attacker.example.net/v', allowed)).toEqual({
      ignoredOrigin: 'https://attacker.example.net',
    });
    expect(verificationSource('https://user:pw@next-user.example.com.evil.net/', allowed)).toEqual({
      ignoredOrigin: 'https://next-user.example.com.evil.net',
    });
    expect(verificationSource('http://localhost:3001/v', allowed)).toEqual({
      ignoredOrigin: 'http://localhost:3001',
    });
  });

  it('has nothing to say without a sourceUrl', () => {
    expect(verificationSource(undefined, allowed)).toEqual({});
  });
});

describe('VERIFY_EMAIL_ORIGINS, the setting', () => {
  it("defaults to PUBLIC_URL's origin", () => {
    expect(testConfig({ PUBLIC_URL: 'https://bind.example.com/base/' }).verifyEmailOrigins).toEqual(
      ['https://bind.example.com'],
    );
    expect(testConfig({ PORT: '4000' }).verifyEmailOrigins).toEqual(['http://localhost:4000']);
  });

  it('takes a comma-separated list of origins, normalised', () => {
    const config = testConfig({
      VERIFY_EMAIL_ORIGINS: 'https://Next-User.example.com/, http://localhost:8080',
    });
    expect(config.verifyEmailOrigins).toEqual([
      'https://next-user.example.com',
      'http://localhost:8080',
    ]);
  });

  it('refuses anything that is not a bare http(s) origin, at start', () => {
    for (const value of [
      'next-user.example.com',
      'ftp://next-user.example.com',
      'https://next-user.example.com/verify',
      'https://next-user.example.com?x=1',
    ]) {
      expect(() => testConfig({ VERIFY_EMAIL_ORIGINS: value })).toThrow(ConfigError);
    }
  });
});
