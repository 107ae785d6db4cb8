import type { MembershipInstance } from '../../store/models';
import { chinaDate, membershipState } from './membership-state';

describe('membership state', () => {
  it("uses China's date: 16:00 UTC is already the next day there", () => {
    expect(chinaDate(new Date('2024-05-01T15:59:59Z'))).toBe('2024-05-01');
    expect(chinaDate(new Date('2024-05-01T16:00:00Z'))).toBe('2024-05-02');
  });

  it('is live through its expiry date, expired after it, none without a row', () => {
    const row = (expireDate: string | null) => ({ expireDate }) as MembershipInstance;
    expect(membershipState(null, '2024-05-01')).toBe('none');
    expect(membershipState(row('2024-05-01'), '2024-05-01')).toBe('valid');
    expect(membershipState(row('2025-01-01'), '2024-05-01')).toBe('valid');
    expect(membershipState(row('2024-04-30'), '2024-05-01')).toBe('expired');
    expect(membershipState(row(null), '2024-05-01')).toBe('expired');
  });
});
