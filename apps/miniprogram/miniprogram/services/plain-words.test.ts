/**
 * @jest-environment node
 */
import { plainWords } from './plain-words';

/**
 * Every message the `/accounts/*` endpoints can send a user's phone (docs/mini-program.md), with
 * the status it comes with. None may reach the user with a field name or a protocol term in it.
 */
const SERVER_MESSAGES: Array<[number, string]> = [
  [400, 'js_code 不能为空'],
  [400, 'js_code 不能为空；encrypted_data 不能为空；iv 不能为空；auth_app_id 不能为空'],
  [400, 'js_code 无效或已过期，请重新登录'],
  [400, 'js_code 已被使用，请重新登录'],
  [400, 'js_code 必须是字符串'],
  [400, 'encrypted_data 不是有效的 base64 密文'],
  [400, 'encrypted_data 解密失败：数据已损坏或不属于本次登录'],
  [400, 'encrypted_data 解密失败：数据不属于该小程序'],
  [400, 'encrypted_data 解密失败：iv 不是有效的 base64'],
  [400, 'iv 不是有效的 base64'],
  [400, 'auth_app_id 不是已接入的小程序'],
  [400, 'session_token 不能为空'],
  [400, 'openid 不能超过 128 个字符'],
  [400, 'mobile 格式不正确'],
  [400, 'mobile 不能为空；verify_code 不能为空'],
  [400, 'mobile 不能与 phone_code 同时提供'],
  [400, 'mobile 不能与 phone_code 同时提供；verify_code 不能与 phone_code 同时提供'],
  [400, 'phone_code 无效或已过期，请重新获取手机号'],
  [400, 'nickname 不能为空'],
  [400, 'nickname 不能超过 20 个字符'],
  [400, '昵称不能为空'],
  [400, '昵称不能超过 32 个字符'],
  [400, '昵称不能包含换行、控制字符或不可见字符'],
  [400, '一次只能上传一个文件'],
  [400, '请在字段 file 中上传头像图片'],
  [404, '头像不存在'],
  [413, '头像不能超过 1 MB'],
  [415, '头像仅支持 JPEG、PNG 或 WebP 图片'],
  [415, '头像须以 multipart/form-data 上传（wx.uploadFile）'],
  [503, '头像存储暂时不可用，请稍后重试'],
  [400, '仅支持中国大陆手机号'],
  [400, '该手机号已绑定'],
  [400, '该微信已绑定其他手机号'],
  [400, '验证码错误'],
  [400, '验证码已失效'],
  [400, '请求数据不是有效的 JSON'],
  [400, '请求数据必须是 JSON 对象'],
  [401, '请先授权登录'],
  [401, '请先登录'],
  [401, '登录已失效，请重新登录'],
  [403, '该微信账号存在安全风险，暂时无法登录'],
  [403, '请先完成安全验证'],
  [404, '接口不存在'],
  [405, '请求方法不允许'],
  [413, '请求数据过大'],
  [415, '请求数据格式不支持'],
  [429, '验证码发送过于频繁，请 45 秒后再试'],
  [429, '该手机号今日获取验证码次数已达上限，请 24 小时后再试'],
  [429, '尝试次数过多，请 60 分钟后再试'],
  [429, '微信登录过于频繁，请稍后再试'],
  [429, '短信发送过于频繁，请稍后再试'],
  [500, '服务器内部错误'],
  [502, '短信发送失败，请稍后重试'],
  [502, '微信服务暂时不可用，请稍后重试'],
  [503, '服务暂不可用，请稍后重试'],
];

describe('plain words for the server’s messages', () => {
  it.each(SERVER_MESSAGES)('%i %s: no field names, no protocol terms', (status, message) => {
    const shown = plainWords(message, status);
    // Units and formats people know may stay (MB, JPEG, PNG, WebP); identifiers may not.
    expect(shown).not.toMatch(/_|\b[a-z]{2,}\b|\.\w/);
    expect(shown.length).toBeGreaterThan(0);
  });

  it('keeps messages that are already plain, word for word', () => {
    expect(plainWords('该手机号已绑定', 400)).toBe('该手机号已绑定');
    expect(plainWords('头像不能超过 1 MB', 413)).toBe('头像不能超过 1 MB');
    expect(plainWords('验证码发送过于频繁，请 45 秒后再试', 429)).toBe(
      '验证码发送过于频繁，请 45 秒后再试',
    );
  });

  it('names what the user typed in their words', () => {
    expect(plainWords('mobile 格式不正确', 400)).toBe('手机号格式不正确');
    expect(plainWords('nickname 不能超过 20 个字符', 400)).toBe('昵称不能超过 20 个字符');
    expect(plainWords('mobile 不能为空；verify_code 不能为空', 400)).toBe('手机号不能为空');
  });

  it('tells the user what to do about what they never typed', () => {
    expect(plainWords('js_code 已被使用，请重新登录', 400)).toBe('登录已过期，请重新登录');
    expect(plainWords('session_token 不能为空', 400)).toBe('登录信息有误，请重新登录后再试');
    expect(plainWords('请先授权登录', 401)).toBe('登录已超时，请重新登录');
  });
});
