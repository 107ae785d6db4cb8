import { keptBinding } from './kept-binding';

const at = (iso: string) => new Date(iso);
const unbound = { userId: null, boundAt: null };
const alice = { userId: 'alice', boundAt: at('2024-01-01T00:00:00Z') };
const bob = { userId: 'bob', boundAt: at('2024-02-01T00:00:00Z') };

describe('keptBinding', () => {
  const holding =
    (...users: string[]) =>
    (id: string) =>
      users.includes(id);

  it('keeps nothing bound when neither side is', () => {
    expect(keptBinding(unbound, unbound, holding())).toEqual({ ...unbound, released: null });
  });

  it('carries the one binding over, with its bound_at, whichever side has it', () => {
    expect(keptBinding(alice, unbound, holding())).toEqual({ ...alice, released: null });
    expect(keptBinding(unbound, bob, holding())).toEqual({ ...bob, released: null });
  });

  it('gives the account to the user who holds data, releasing the other', () => {
    expect(keptBinding(alice, bob, holding('alice'))).toEqual({ ...alice, released: 'bob' });
    expect(keptBinding(alice, bob, holding('bob'))).toEqual({ ...bob, released: 'alice' });
  });

  it("keeps the unionid account's user when neither holds data", () => {
    expect(keptBinding(alice, bob, holding())).toEqual({ ...bob, released: 'alice' });
  });

  it('refuses when both hold data', () => {
    expect(keptBinding(alice, bob, holding('alice', 'bob'))).toBeNull();
  });
});
