/**
 * @jest-environment node
 */
import { isMainlandMobile, isVerifyCode, maskMobile } from './mobile';

describe('mobile input checks', () => {
  it.each(['13800138000', '19912345678', '15000000000'])('accepts %s', (mobile) => {
    expect(isMainlandMobile(mobile)).toBe(true);
  });

  it.each(['', '1380013800', '138001380000', '12800138000', '+8613800138000', '1380013800a'])(
    'refuses %j',
    (mobile) => {
      expect(isMainlandMobile(mobile)).toBe(false);
    },
  );

  it('wants exactly six digits of code', () => {
    expect(isVerifyCode('012345')).toBe(true);
    expect(isVerifyCode('12345')).toBe(false);
    expect(isVerifyCode('1234567')).toBe(false);
    expect(isVerifyCode('12345a')).toBe(false);
  });

  it('masks the middle four digits', () => {
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskMobile('12345')).toBe('12345');
  });
});
