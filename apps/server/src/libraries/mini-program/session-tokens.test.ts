import jwt from 'jsonwebtoken';
import { MiniProgramError } from './errors';
import { createSessionTokens } from './session-tokens';

const secret = 'a-secret-of-this-test-only-long-enough-for-hs256';
const boundAt = new Date('2026-11-01T00:00:00Z');
const identity = (index: number) => ({
  userId: `8f8e3c2a-1d2b-4c5e-9f00-${String(index).padStart(12, '0')}`,
  appId: 'wx0123456789abcdef',
  openid: `openid-${index}`,
  boundAt,
});

function tokensAt(start: number, options: { cacheSize?: number } = {}) {
  const clock = { ms: start };
  const tokens = createSessionTokens({
    secret,
    expiresInSeconds: 60,
    now: () => clock.ms,
    ...options,
  });
  return { tokens, clock };
}

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MiniProgramError) return error.reason;
    throw error;
  }
  return undefined;
}

afterEach(() => jest.restoreAllMocks());

describe('session tokens', () => {
  const start = Date.parse('2026-12-01T08:00:00Z');

  it('verifies a token it issued, with the claims it was issued with', () => {
    const { tokens } = tokensAt(start);
    const { token, createdAt } = tokens.issue(identity(1));
    expect(tokens.verify(token)).toEqual({
      userId: identity(1).userId,
      appId: 'wx0123456789abcdef',
      openid: 'openid-1',
      boundAt: boundAt.getTime(),
      issuedAt: createdAt,
      expiresAt: createdAt + 60,
    });
  });

  it('checks the signature once per token, and the expiry on every use', () => {
    const { tokens } = tokensAt(start);
    const { token } = tokens.issue(identity(1));
    const verify = jest.spyOn(jwt, 'verify');
    tokens.verify(token);
    tokens.verify(token);
    tokens.verify(token);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token from its exp second on', () => {
    const { tokens, clock } = tokensAt(start);
    const { token } = tokens.issue(identity(1));
    expect(tokens.verify(token).userId).toBe(identity(1).userId);
    clock.ms = start + 59_999;
    expect(tokens.verify(token).userId).toBe(identity(1).userId);
    clock.ms = start + 60_000;
    expect(refusal(() => tokens.verify(token))).toBe('token_invalid');
    expect(refusal(() => tokens.verify(token))).toBe('token_invalid');
  });

  it('refuses a token whose signature or claims were changed, though the original is remembered', () => {
    const { tokens } = tokensAt(start);
    const { token } = tokens.issue(identity(1));
    tokens.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherSignature = signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const otherPayload = Buffer.from(
      JSON.stringify({ ...claims, sub: identity(2).userId }),
    ).toString('base64url');
    expect(refusal(() => tokens.verify(`${header}.${payload}.${otherSignature}`))).toBe(
      'token_invalid',
    );
    expect(refusal(() => tokens.verify(`${header}.${otherPayload}.${signature}`))).toBe(
      'token_invalid',
    );
    expect(refusal(() => tokens.verify(`${token} `))).toBe('token_invalid');
  });

  it('does not remember a refused token', () => {
    const { tokens } = tokensAt(start);
    const other = createSessionTokens({ secret: `${secret}-other`, expiresInSeconds: 60 });
    const { token: forged } = other.issue(identity(1));
    const verify = jest.spyOn(jwt, 'verify');
    expect(refusal(() => tokens.verify(forged))).toBe('token_invalid');
    expect(refusal(() => tokens.verify(forged))).toBe('token_invalid');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('keeps at most its size of tokens, and verifies a forgotten one again', () => {
    const { tokens } = tokensAt(start, { cacheSize: 2 });
    const issued = [1, 2, 3].map((index) => tokens.issue(identity(index)).token);
    const verify = jest.spyOn(jwt, 'verify');
    for (const token of issued) tokens.verify(token);
    expect(verify).toHaveBeenCalledTimes(3);
    tokens.verify(issued[2]!);
    tokens.verify(issued[1]!);
    expect(verify).toHaveBeenCalledTimes(3);
    // The first was the least recently used of three in a cache of two.
    expect(tokens.verify(issued[0]!).openid).toBe('openid-1');
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
