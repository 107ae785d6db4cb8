import { createTokenStore, parseToken } from './token-store';

const token = `12|${'a'.repeat(40)}`;

/** The part of the Web Storage API the store uses, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('parseToken', () => {
  it('takes a token as pasted: spaces and a Bearer prefix from a curl command are dropped', () => {
    expect(parseToken(`  ${token}\n`)).toEqual({ ok: true, token });
    expect(parseToken(`Bearer ${token}`)).toEqual({ ok: true, token });
    expect(parseToken(`bearer   ${token}`)).toEqual({ ok: true, token });
  });

  it('says what is wrong with an empty field or something that is not a token', () => {
    expect(parseToken('   ')).toEqual({ ok: false, problem: expect.stringMatching(/^Paste/) });
    expect(parseToken('no-bar-here')).toEqual({
      ok: false,
      problem: expect.stringContaining('<id>|<secret>'),
    });
    // Could not be sent in a header at all.
    expect(parseToken('12|sécret')).toMatchObject({ ok: false });
    expect(parseToken('12|a b')).toMatchObject({ ok: false });
  });
});

describe('createTokenStore', () => {
  it('keeps the token in the storage it is given, and forgets it', () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);
    expect(store.get()).toBeUndefined();
    store.set(token);
    expect(store.get()).toBe(token);
    expect(storage.length).toBe(1);
    store.clear();
    expect(store.get()).toBeUndefined();
    expect(storage.length).toBe(0);
  });
});
