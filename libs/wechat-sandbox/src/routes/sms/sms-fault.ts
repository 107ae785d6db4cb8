/**
 * A queued `sms-error` fault firing (http/endpoint.ts). Each SMS stand-in renders it the way its
 * provider answers that code, so the server meets the same reply as from the real API.
 */
export class SmsFault extends Error {
  override readonly name = 'SmsFault';

  constructor(
    readonly code: string,
    message: string | undefined,
    /** Alibaba Cloud's HTTP status; Tencent Cloud always answers 200. */
    readonly status: number | undefined,
  ) {
    super(message ?? code);
  }
}
