import { SCENARIO_NAMES, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('runs every endpoint with the documented defaults', () => {
    expect(parseBenchOptions([])).toMatchObject({
      connections: 32,
      durationSec: 12,
      rounds: 4,
      requests: 4000,
      population: 500,
      populations: [500],
      only: [...SCENARIO_NAMES],
      stampede: false,
      cpuProf: false,
    });
  });

  it('returns nothing for --help, so the usage is printed instead of a run', () => {
    expect(parseBenchOptions(['--help'])).toBeUndefined();
  });

  it('takes the stampede out of --only', () => {
    expect(parseBenchOptions(['--only', 'accounts_me,stampede'])).toMatchObject({
      only: ['accounts_me'],
      stampede: true,
    });
  });

  it('reads populations with thousands separators, ascending', () => {
    expect(parseBenchOptions(['--populations', '1_000,100_000'])?.populations).toEqual([
      1000, 100000,
    ]);
  });

  it.each([
    [['--rounds', '0'], '--rounds must be a positive integer'],
    [['--connections', '2.5'], '--connections must be a positive integer'],
    [['--requests', '3', '--rounds', '4'], '--requests must be at least --rounds'],
    [['--only', 'nope'], '--only: unknown endpoint nope'],
    [['--populations', '1000,500'], '--populations must be ascending'],
    [['--population', '2000000'], 'at most 1,000,000 users'],
    [['--population', '10', '--populations', '10,20'], 'give one of them'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
