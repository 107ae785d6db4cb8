/**
 * A control-API request the sandbox cannot act on (unknown app or user, missing field). Thrown by
 * the state and by control routes; the control API renders it as `{ error }` with `status`.
 */
export class SandboxInputError extends Error {
  override readonly name = 'SandboxInputError';

  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}
