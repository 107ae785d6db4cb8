import type { AvatarContentType } from '../../providers/storage/avatar-storage';

/** The largest avatar accepted: 1 MiB, what WeChat's avatar fill-in produces with room to spare. */
export const AVATAR_MAX_BYTES = 1024 * 1024;

const startsWith = (bytes: Buffer, offset: number, signature: readonly number[] | string) =>
  bytes.length >= offset + signature.length &&
  bytes
    .subarray(offset, offset + signature.length)
    .equals(
      typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature),
    );

/**
 * The image type the bytes themselves declare (their signature), whatever the upload's file name
 * or Content-Type claim: JPEG (FF D8 FF), PNG (its 8-byte signature), or WebP (a RIFF container of
 * type WEBP whose first chunk is VP8, VP8L or VP8X). Anything else is undefined.
 */
export function imageTypeOf(bytes: Buffer): AvatarContentType | undefined {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (
    startsWith(bytes, 0, 'RIFF') &&
    startsWith(bytes, 8, 'WEBP') &&
    ['VP8 ', 'VP8L', 'VP8X'].some((chunk) => startsWith(bytes, 12, chunk))
  ) {
    return 'image/webp';
  }
  return undefined;
}
