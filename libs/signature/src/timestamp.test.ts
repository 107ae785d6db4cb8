import { formatTimestamp } from './timestamp';

describe('formatTimestamp', () => {
  it('writes numbers in decimal', () => {
    expect(formatTimestamp(1510199443580)).toBe('1510199443580');
    expect(formatTimestamp(0)).toBe('0');
  });

  it('keeps decimal strings exactly, leading zeros included', () => {
    expect(formatTimestamp('1510199443580')).toBe('1510199443580');
    expect(formatTimestamp('01510199443580')).toBe('01510199443580');
  });

  it.each([1.5, -1, NaN, Infinity, 1e21, 2 ** 53, '', '1.5', '-1', '1e12', ' 1', '0x10', '١٢٣'])(
    'refuses %p',
    (timestamp) => {
      expect(() => formatTimestamp(timestamp)).toThrow(TypeError);
    },
  );
});
