import { TARGETS, cpuRatioRounds, formatTable, judge, p99Judged } from './report';
import { phaseFixture as phase } from './phase-fixture';

describe('judge', () => {
  it('compares the server with the baseline of the same run', () => {
    const result = judge(
      'accounts_me',
      'GET /accounts/me',
      {
        server: [phase({ rps: 900, cpuMsPerRequest: 0.22 })],
        baseline: [phase({ rps: 1000, cpuMsPerRequest: 0.2 })],
      },
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
      {
        server: [
          phase({ rps: 840, cpuMsPerRequest: 0.25, p99Ms: TARGETS.maxP99Ms, rssPeakMb: 160 }),
        ],
        baseline: [phase({ rps: 1000, cpuMsPerRequest: 0.2 })],
      },
      true,
    );
    expect(result.meets).toEqual({ ratio: false, cpu: false, p99: false, rss: false });
  });

  it('leaves CPU and p99 unjudged where they are not measured or not held to a target', () => {
    const result = judge(
      'wxa_authorize',
      'POST /accounts/wxa_authorize',
      { server: [phase({ cpuMsPerRequest: undefined, p99Ms: 500 })], baseline: [phase({})] },
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

describe('cpuRatioRounds', () => {
  it('pairs each server round with the baseline round beside it and keeps the extremes', () => {
    const server = [0.3, 0.24, 0.36].map((cpu) => phase({ cpuMsPerRequest: cpu }));
    const baseline = [0.2, 0.24, 0.3].map((cpu) => phase({ cpuMsPerRequest: cpu }));
    const spread = cpuRatioRounds(server, baseline);
    expect(spread?.min).toBeCloseTo(1.0);
    expect(spread?.max).toBeCloseTo(1.5);
  });

  it('has no spread for a single round, unequal rounds or a round without CPU', () => {
    expect(cpuRatioRounds([phase({})], [phase({})])).toBeUndefined();
    expect(cpuRatioRounds([phase({}), phase({})], [phase({})])).toBeUndefined();
    expect(
      cpuRatioRounds([phase({}), phase({ cpuMsPerRequest: undefined })], [phase({}), phase({})]),
    ).toBeUndefined();
  });

  it('is printed beside the total ratio, which the target is still judged by', () => {
    const result = judge(
      'accounts_me',
      'GET /accounts/me',
      {
        server: [phase({ cpuMsPerRequest: 0.2 }), phase({ cpuMsPerRequest: 0.26 })],
        baseline: [phase({ cpuMsPerRequest: 0.2 }), phase({ cpuMsPerRequest: 0.2 })],
      },
      true,
    );
    expect(result.meets.cpu).toBe(true);
    const serverRow = formatTable([result]).split('\n')[2]!;
    expect(serverRow).toMatch(/\| 1\.15 ✓ \| 1\.00–1\.30 \|$/);
  });
});
