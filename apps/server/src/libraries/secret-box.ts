import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets that must be readable again later (a Caa apiSecret is needed to verify each
 * signature, so it cannot be hashed). AES-256-GCM under DATA_KEY, a fresh random 12-byte IV per
 * value. The text form is `v1.<iv>.<tag>.<ciphertext>`, each part base64url: it fits a text column,
 * and the version prefix leaves room for another algorithm or key later without guessing.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** open() refuses: not our format, another key, or the stored text was changed. */
export class SecretBoxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretBoxError';
  }
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// The version is authenticated too, so a v1 body cannot be passed off under another version.
const AAD = Buffer.from(`wechat-bind:${VERSION}`, 'utf8');
const base64urlPattern = /^[A-Za-z0-9_-]*$/;

function decodePart(part: string, what: string): Buffer {
  if (!base64urlPattern.test(part)) {
    throw new SecretBoxError(`sealed value has an invalid ${what}`);
  }
  return Buffer.from(part, 'base64url');
}

export function createSecretBox(dataKey: Buffer): SecretBox {
  if (dataKey.length !== KEY_BYTES) {
    throw new RangeError(`the data key must be ${KEY_BYTES} bytes, got ${dataKey.length}`);
  }
  // A private copy: the caller zeroing or reusing its buffer must not change our key.
  const key = Buffer.from(dataKey);

  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },

    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new SecretBoxError(`sealed value is not in the ${VERSION} format`);
      }
      const iv = decodePart(parts[1]!, 'iv');
      const tag = decodePart(parts[2]!, 'tag');
      const ciphertext = decodePart(parts[3]!, 'ciphertext');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError('sealed value has a wrong-sized iv or tag');
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(AAD);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch (error) {
        // GCM cannot tell a wrong key from tampering; neither can we, and neither is recoverable.
        throw new SecretBoxError('sealed value cannot be opened: wrong key or altered data', {
          cause: error,
        });
      }
    },
  };
}
