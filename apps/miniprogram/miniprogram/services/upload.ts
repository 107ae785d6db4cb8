import { config } from '../config';
import { CLIENT_MESSAGES, UserFacingError } from './errors';
import { AVATAR_UPLOAD_PATH, baseUrl, networkFailure, readReply } from './request';
import type { AvatarUploadData } from './request';

/** What the server says about a file it will not take, in the user's words. */
const FILE_REFUSALS: Readonly<Record<number, string>> = {
  413: '图片太大，请换一张小一点的图片',
  415: '不支持这种图片格式，请换一张 JPG 或 PNG 图片',
};

/** `wx.uploadFile` hands the body over as text: parsed when it is JSON, else kept as it is. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * `POST /accounts/me/avatar`: the image `<button open-type="chooseAvatar">` left at `filePath`,
 * sent with `wx.uploadFile` as the multipart field `file`, with the bearer token.
 */
export function uploadAvatar(token: string, filePath: string): Promise<AvatarUploadData> {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: baseUrl() + AVATAR_UPLOAD_PATH,
      filePath,
      name: 'file',
      header: { Authorization: `Bearer ${token}` },
      timeout: config.timeoutMs,
      success: (reply) => {
        try {
          resolve(readReply<AvatarUploadData>({ ...reply, data: parsed(reply.data) }));
        } catch (error) {
          // The server's own words about the avatar (its size limit, its formats) are the best;
          // the generic refusals of its HTTP layer get words about the picture instead.
          const generic =
            error instanceof UserFacingError && !error.serverMessage?.includes('头像');
          const refusal = generic ? FILE_REFUSALS[(error as UserFacingError).status] : undefined;
          reject(
            refusal === undefined
              ? error
              : new UserFacingError(refusal, (error as UserFacingError).status),
          );
        }
      },
      fail: (error) =>
        reject(
          /timeout/i.test(error.errMsg ?? '')
            ? new UserFacingError(CLIENT_MESSAGES.timeout)
            : networkFailure(error),
        ),
    });
  });
}
