import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { RequestError } from '../../errors/request-error';

/** The form field `wx.uploadFile` sends the picture in (its `name`). */
export const AVATAR_FIELD = 'file';

/**
 * Room for the multipart framing and the few text fields `wx.uploadFile` may add (`formData`):
 * a body declaring more than the file cap plus this is refused before a byte is read.
 */
const FRAMING_ALLOWANCE = 64 * 1024;

const refusal = (status: number, code: string, message: string) =>
  new RequestError({ code, status, message });

export const avatarUploadRefusals = {
  notMultipart: () =>
    refusal(415, 'unsupported_media_type', '头像须以 multipart/form-data 上传（wx.uploadFile）'),
  malformed: () => refusal(400, 'invalid_multipart', '上传数据不是有效的 multipart/form-data'),
  missingFile: () => refusal(400, 'avatar_missing', `请在字段 ${AVATAR_FIELD} 中上传头像图片`),
  tooManyFiles: () => refusal(400, 'avatar_too_many_files', '一次只能上传一个文件'),
  tooLarge: (maxBytes: number) =>
    refusal(413, 'payload_too_large', `头像不能超过 ${maxBytes / (1024 * 1024)} MB`),
};

/**
 * The bytes of the one file in field `file` of a multipart/form-data request, read with busboy
 * as it streams in: more than `maxBytes` stops the upload at once (413), a second file is refused,
 * text fields are read within small limits and ignored. Nothing of the file's name or declared
 * type is kept: what the bytes are is decided from the bytes.
 */
export function readAvatarFile(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING_ALLOWANCE) {
    return Promise.reject(avatarUploadRefusals.tooLarge(maxBytes));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        files: 1,
        // One byte more than allowed, so that a file of exactly `maxBytes` is not cut short.
        fileSize: maxBytes + 1,
        fields: 20,
        fieldSize: 4096,
        parts: 21,
        headerPairs: 20,
      },
    });
  } catch {
    return Promise.reject(avatarUploadRefusals.malformed());
  }

  return new Promise<Buffer>((resolve, reject) => {
    let file: Buffer | undefined;
    let settled = false;
    const fail = (error: RequestError) => {
      if (settled) return;
      settled = true;
      // The rest of the body is read and dropped by Node once the reply is sent.
      req.unpipe(parser);
      req.resume();
      reject(error);
    };

    parser.on('file', (name, stream) => {
      if (name !== AVATAR_FIELD || file !== undefined) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(avatarUploadRefusals.tooLarge(maxBytes)));
      stream.on('error', () => fail(avatarUploadRefusals.malformed()));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (bytes.length > maxBytes) fail(avatarUploadRefusals.tooLarge(maxBytes));
        else if (!settled) file = bytes;
      });
    });
    parser.on('filesLimit', () => fail(avatarUploadRefusals.tooManyFiles()));
    parser.on('partsLimit', () => fail(avatarUploadRefusals.malformed()));
    parser.on('fieldsLimit', () => fail(avatarUploadRefusals.malformed()));
    parser.on('error', () => fail(avatarUploadRefusals.malformed()));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (file === undefined) reject(avatarUploadRefusals.missingFile());
      else resolve(file);
    });
    req.on('error', () => fail(avatarUploadRefusals.malformed()));
    req.pipe(parser);
  });
}
