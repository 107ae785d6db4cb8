import { Latencies, formatMs } from './latencies';

describe('Latencies', () => {
  it('answers nearest-rank percentiles to a hundredth of a millisecond', () => {
    const latencies = new Latencies();
    // 1.00, 1.01, ..., 10.99: a thousand values, given out of order.
    const values = Array.from({ length: 1000 }, (_, i) => 1 + i / 100).reverse();
    for (const value of values) latencies.record(value);
    expect(latencies.size).toBe(1000);
    expect(latencies.percentile(50)).toBe(5.99);
    expect(latencies.percentile(99)).toBe(10.89);
    expect(latencies.percentile(100)).toBe(10.99);
  });

  it('keeps what a whole-millisecond histogram would lose', () => {
    const latencies = new Latencies();
    for (let i = 0; i < 99; i += 1) latencies.record(1.2);
    latencies.record(3.49);
    expect(latencies.percentile(99)).toBe(1.2);
    expect(latencies.percentile(100)).toBe(3.49);
  });

  it('grows past its first buffer and sorts again after new values', () => {
    const latencies = new Latencies();
    for (let i = 0; i < 10_000; i += 1) latencies.record(2);
    expect(latencies.percentile(99)).toBe(2);
    for (let i = 0; i < 10_000; i += 1) latencies.record(7.5);
    expect(latencies.size).toBe(20_000);
    expect(latencies.percentile(99)).toBe(7.5);
    expect(latencies.percentile(50)).toBe(2);
  });

  it('answers 0 with nothing recorded, and refuses what is not a latency', () => {
    const latencies = new Latencies();
    expect(latencies.percentile(99)).toBe(0);
    expect(() => latencies.record(Number.NaN)).toThrow('not a latency');
    expect(() => latencies.record(-1)).toThrow('not a latency');
    expect(() => latencies.percentile(0)).toThrow('out of range');
  });
});

describe('formatMs', () => {
  it('shows a tenth of a millisecond below 100 ms and whole ones above', () => {
    expect(formatMs(3.46)).toBe('3.5');
    expect(formatMs(0)).toBe('0.0');
    expect(formatMs(151.4)).toBe('151');
  });
});
