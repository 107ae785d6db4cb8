import { TARGETS, judge, p99Judged } from './report';
import { phaseFixture as phase } from './phase-fixture';

describe('judge', () => {
  it('compares the server with the baseline of the same run', () => {
    const result = judge(
      'accounts_me',
      'GET /accounts/me',
      phase({ rps: 900, cpuMsPerRequest: 0.22 }),
      phase({ rps: 1000, cpuMsPerRequest: 0.2 }),
      true,
    );
    expect(result.ratio).toBeCloseTo(0.9);
    expect(result.cpuRatio).toBeCloseTo(1.1);
    expect(result.meets).toEqual({ ratio: true, cpu: true, p99: true, rss: true });
  });

  it('fails each target just past its limit', () => {
    const result = judge(
      'accounts_me',
      'GET /accounts/me',
      phase({ rps: 840, cpuMsPerRequest: 0.25, p99Ms: TARGETS.maxP99Ms, rssPeakMb: 160 }),
      phase({ rps: 1000, cpuMsPerRequest: 0.2 }),
      true,
    );
    expect(result.meets).toEqual({ ratio: false, cpu: false, p99: false, rss: false });
  });

  it('leaves CPU and p99 unjudged where they are not measured or not held to a target', () => {
    const result = judge(
      'wxa_authorize',
      'POST /accounts/wxa_authorize',
      phase({ cpuMsPerRequest: undefined, p99Ms: 500 }),
      phase({}),
      false,
    );
    expect(result.cpuRatio).toBeUndefined();
    expect(result.meets.cpu).toBeUndefined();
    expect(result.meets.p99).toBeUndefined();
  });
});

describe('p99Judged', () => {
  it('holds only GETs at the target connections or fewer to the p99 target', () => {
    expect(p99Judged('GET', TARGETS.p99Connections)).toBe(true);
    expect(p99Judged('GET', TARGETS.p99Connections + 1)).toBe(false);
    expect(p99Judged('POST', 1)).toBe(false);
  });
});
