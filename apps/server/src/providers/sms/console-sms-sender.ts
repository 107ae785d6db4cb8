import type { SmsSender } from './sms-sender';

/**
 * Development sender: prints the code on the server's standard output so a developer can type it
 * in. Deliberately not through the structured logger, which redacts codes (and whose lines may be
 * shipped elsewhere); production uses the `http` sender.
 */
export function createConsoleSmsSender(
  write: (line: string) => void = (line) => process.stdout.write(line),
): SmsSender {
  return {
    async sendVerificationCode({ mobile, code, expiresIn }) {
      write(`[sms] verification code for ${mobile}: ${code} (valid ${expiresIn} s)\n`);
    },
  };
}
