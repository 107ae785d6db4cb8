import { DatabaseError } from 'sequelize';

/**
 * PostgreSQL broke a deadlock by cancelling this transaction (SQLSTATE 40P01). Two flows that
 * lock the same rows in different orders can meet so (a bind locks the user, then the account; a
 * merge of one person's accounts locks the accounts, then the users), and the cancelled one
 * changed nothing, so it can simply run again.
 */
export function isDeadlock(error: unknown): boolean {
  return (
    error instanceof DatabaseError &&
    (error.parent as { code?: string } | undefined)?.code === '40P01'
  );
}

/** How many times a transaction runs before a deadlock is passed on. */
export const DEADLOCK_ATTEMPTS = 3;

/** Runs `transaction` again while PostgreSQL cancels it to break a deadlock, up to the limit. */
export async function retryDeadlocks<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
    }
  }
}
