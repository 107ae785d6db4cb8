/**
 * The one key pair the S3 stand-in accepts. Only the access key id is checked, and that a SigV4
 * signature is present: the stand-in proves the server signs its requests with the configured
 * key, not AWS's signing algorithm (the SDK's own tests do that).
 */
export const SANDBOX_S3_CREDENTIALS = {
  accessKeyId: 'SANDBOXS3ACCESSKEY01',
  secretAccessKey: 'sandbox-s3-secret-access-key-0001',
} as const;

/** Where it answers, path-style: `<sandbox url>/s3/<bucket>/<key>`. */
export const S3_PATH = '/s3';
