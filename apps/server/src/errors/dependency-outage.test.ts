import { ConnectionRefusedError } from 'sequelize';
import { isDependencyOutage } from './dependency-outage';

describe('isDependencyOutage', () => {
  it('recognises PostgreSQL connection failures', () => {
    expect(isDependencyOutage(new ConnectionRefusedError(new Error('ECONNREFUSED')))).toBe(true);
  });

  it.each([
    "Stream isn't writeable and enableOfflineQueue options is false",
    'Connection is closed.',
    'Command timed out',
    "Cluster isn't ready and enableOfflineQueue options is false",
    'Failed to refresh slots cache.',
    'All sentinels are unreachable. Retrying from scratch after 10ms.',
    "READONLY You can't write against a read only replica.",
    'CLUSTERDOWN The cluster is down',
    'LOADING Redis is loading the dataset in memory',
  ])('recognises the Redis failure "%s"', (message) => {
    expect(isDependencyOutage(new Error(message))).toBe(true);
  });

  it('looks through causes', () => {
    const wrapped = new Error('could not load the session', {
      cause: new Error('Command timed out'),
    });
    expect(isDependencyOutage(wrapped)).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isDependencyOutage(new TypeError('x is undefined'))).toBe(false);
    // Keys of one command in different slots: a bug in the key names, not an outage.
    expect(
      isDependencyOutage(new Error("CROSSSLOT Keys in request don't hash to the same slot")),
    ).toBe(false);
    expect(isDependencyOutage('Connection is closed')).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
  });
});
