import { ExpiringStore } from './expiring-store';

describe('ExpiringStore', () => {
  let now = 1_000;
  const store = new ExpiringStore<string>(() => now);

  beforeEach(() => {
    now = 1_000;
    store.clear();
  });

  it('hands a code out once, then reports it used', () => {
    store.put('c', 'grant', 100);
    expect(store.take('c')).toEqual({ status: 'ok', value: 'grant', expiresAt: 1_100 });
    expect(store.take('c')).toEqual({ status: 'used' });
  });

  it('reports expiry, even for a code that was used', () => {
    store.put('fresh', 'a', 100);
    store.put('spent', 'b', 100);
    store.take('spent');
    now = 1_100;
    expect(store.take('fresh')).toEqual({ status: 'expired' });
    expect(store.peek('spent')).toEqual({ status: 'expired' });
  });

  it('lets tokens be read many times until they expire', () => {
    store.put('t', 'grant', 100);
    expect(store.peek('t').status).toBe('ok');
    expect(store.peek('t').status).toBe('ok');
    now = 1_099;
    expect(store.peek('t').status).toBe('ok');
    now = 1_100;
    expect(store.peek('t').status).toBe('expired');
  });

  it('forgets revoked keys and keys it never saw', () => {
    store.put('t', 'grant', 100);
    store.revoke('t');
    expect(store.peek('t')).toEqual({ status: 'unknown' });
    expect(store.take('never')).toEqual({ status: 'unknown' });
  });

  it('sweeps long-dead entries so a benchmark cannot grow it without bound', () => {
    for (let i = 0; i < 500; i++) store.put(`old${i}`, 'x', 10);
    now += 60 * 60 * 1000;
    for (let i = 0; i < 500; i++) store.put(`new${i}`, 'x', 10);
    expect(store.size).toBe(500);
  });
});
