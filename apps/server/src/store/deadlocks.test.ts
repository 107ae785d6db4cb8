import { DatabaseError, UniqueConstraintError } from 'sequelize';
import { DEADLOCK_ATTEMPTS, isDeadlock, retryDeadlocks } from './deadlocks';

const driverError = (code: string) =>
  Object.assign(new Error(`driver error ${code}`), { code, sql: 'UPDATE …' });
const deadlock = () => new DatabaseError(driverError('40P01') as never);

describe('retryDeadlocks', () => {
  it('runs a transaction PostgreSQL cancelled to break a deadlock again', async () => {
    const work = jest.fn().mockRejectedValueOnce(deadlock()).mockResolvedValueOnce('bound');
    await expect(retryDeadlocks(work)).resolves.toBe('bound');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('passes the deadlock on after the last attempt', async () => {
    const work = jest.fn().mockRejectedValue(deadlock());
    await expect(retryDeadlocks(work)).rejects.toBeInstanceOf(DatabaseError);
    expect(work).toHaveBeenCalledTimes(DEADLOCK_ATTEMPTS);
  });

  it('passes any other failure on at once', async () => {
    const refused = new UniqueConstraintError({ parent: driverError('23505') as never });
    const work = jest.fn().mockRejectedValue(refused);
    await expect(retryDeadlocks(work)).rejects.toBe(refused);
    expect(work).toHaveBeenCalledTimes(1);
    expect(isDeadlock(new DatabaseError(driverError('57014') as never))).toBe(false);
  });
});
