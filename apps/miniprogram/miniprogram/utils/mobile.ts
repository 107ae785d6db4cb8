/** Input checks matching the server's (docs/mini-program.md), so obvious slips never leave the phone. */

/** A mainland China mobile, as the server requires: `^1[3-9]\d{9}$`. */
export const isMainlandMobile = (value: string): boolean => /^1[3-9]\d{9}$/.test(value);

/** A verification code: six digits. */
export const isVerifyCode = (value: string): boolean => /^\d{6}$/.test(value);

/** `138****8000`: enough for the user to recognise the number on a shared screen. */
export const maskMobile = (mobile: string): string =>
  mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
