/**
 * The errors the libraries throw. They say what went wrong in domain terms (which field, which
 * record); each caller decides what that means for its audience: a dialect's error envelope for
 * the HTTP routes, an exit code and a message for the admin CLI.
 */

/** An input that breaks a rule before the store is touched (bad mobile, empty name, ...). */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** The store already holds this value for another record (a unique constraint refused it). */
export class DuplicateError extends Error {
  constructor(
    readonly field: string,
    message = `${field} is already in use`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DuplicateError';
  }
}

/** No such record, or (for revocation) none that is still active. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    message = `${entity} ${id} not found`,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}
