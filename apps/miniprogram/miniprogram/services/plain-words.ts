/**
 * The server's messages (docs/mini-program.md) in words for people. The server speaks to
 * developers as well as users and names its fields (`js_code 无效或已过期，请重新登录`,
 * `mobile 格式不正确`); a user should read neither a field name nor a protocol term.
 */

/** Messages whose meaning for the user is not their wording: replaced whole. */
const REPLACED: Readonly<Record<string, string>> = {
  'js_code 无效或已过期，请重新登录': '登录已过期，请重新登录',
  'js_code 已被使用，请重新登录': '登录已过期，请重新登录',
  'encrypted_data 解密失败：数据已损坏或不属于本次登录': '登录已过期，请重新登录',
  'encrypted_data 解密失败：数据不属于该小程序': '登录信息校验失败，请重新打开小程序后再试',
  'encrypted_data 解密失败：iv 不是有效的 base64': '登录信息校验失败，请重新打开小程序后再试',
  'auth_app_id 不是已接入的小程序': '当前小程序暂未开通登录服务，请联系客服',
  'phone_code 无效或已过期，请重新获取手机号': '获取微信手机号失败，请重试或改用验证码绑定',
  'mobile 不能与 phone_code 同时提供': '请只选择一种方式绑定手机号',
  'verify_code 不能与 phone_code 同时提供': '请只选择一种方式绑定手机号',
  请先授权登录: '登录已超时，请重新登录',
  '头像须以 multipart/form-data 上传（wx.uploadFile）': '上传头像失败，请重新选择图片',
  '请在字段 file 中上传头像图片': '上传头像失败，请重新选择图片',
  请求数据过大: '内容太大，请换一个小一点的再试',
  请求数据格式不支持: '不支持这种格式，请换一个再试',
};

/** Field names the server puts at the start of a validation message, in the user's words. */
const FIELDS: Readonly<Record<string, string>> = {
  mobile: '手机号',
  verify_code: '验证码',
  nickname: '昵称',
  avatar: '头像',
  file: '头像',
};

/** What to say when a message names something the user never typed (a login field, an id). */
function generic(status: number): string {
  if (status === 401) return '登录已超时，请重新登录';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '服务暂时不可用，请稍后重试';
  return '登录信息有误，请重新登录后再试';
}

/**
 * A field name, a protocol term or an API: lower-case ASCII words or snake_case. Units and
 * formats people know (`1 MB`, `JPEG`, `PNG`, `WebP`) are not technical.
 */
const TECHNICAL = /_|\b[a-z]{2,}\b/;

/** The message to show for the server's `status.message` with HTTP status `status`. */
export function plainWords(message: string, status: number): string {
  const replaced = REPLACED[message];
  if (replaced !== undefined) return replaced;
  // Several checks joined with '；' (a form with many empty fields): the first is enough.
  const first = message.split('；')[0]!.trim();
  const field = /^([a-z_]+)\s*(.*)$/.exec(first);
  if (field && FIELDS[field[1]!] !== undefined && !TECHNICAL.test(field[2]!)) {
    return `${FIELDS[field[1]!]}${field[2]}`;
  }
  return TECHNICAL.test(first) ? generic(status) : first;
}
