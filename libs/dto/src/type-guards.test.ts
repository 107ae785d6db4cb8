import type { AccountsEnvelope, AdministratorResponse } from './index';
import {
  ACCOUNTS_MESSAGES,
  ACCOUNTS_ROUTES,
  ACCOUNT_ROUTES,
  ADMINISTRATOR_ROUTES,
  HEALTH_ROUTES,
  MY_ERROR_MESSAGES,
  MY_ERROR_STATUS,
  MY_ROUTES,
  OAUTH_BINDING_TYPES,
  buildPath,
  isAccountValidationError,
  isAccountsEnvelope,
  isAccountsSuccess,
  isAdministratorEnvelope,
  isAdministratorSuccess,
  isAdministratorValidationError,
  isOAuthBindingType,
} from './index';

// The bodies below are the documents' own examples where they have one.
const bindMobileSuccess = {
  data: {
    avatar: 'http://127.0.0.1:9000/_uploads/photos/222222/5d2812257b539bb.jpg',
    created_at: 1531111686,
    expiration: 2592000,
    mobile: '13001179400',
    openid: 'jsdkj3j',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6NX0.sig',
    uid: '15308124976',
    username: '马化腾',
  },
  status: { code: 200, message: 'Ok all right.' },
  success: true,
};
const bindMobileFailure = { status: { code: 400, message: '该手机号已绑定' }, success: false };

describe('isAccountsEnvelope (05)', () => {
  it('accepts the document’s success and failure examples', () => {
    expect(isAccountsEnvelope(bindMobileSuccess)).toBe(true);
    expect(isAccountsEnvelope(bindMobileFailure)).toBe(true);
  });

  it('accepts a success whose data is null', () => {
    expect(isAccountsEnvelope({ ...bindMobileSuccess, data: null })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'Ok all right.'],
    ['an array', [bindMobileFailure]],
    ['no status', { success: false }],
    ['a status that is not an object', { status: 'ok', success: true, data: {} }],
    ['a non-numeric code', { status: { code: '400', message: 'x' }, success: false }],
    ['a missing message', { status: { code: 400 }, success: false }],
    ['a non-boolean success', { status: { code: 400, message: 'x' }, success: 'false' }],
    ['a success without data', { status: { code: 200, message: 'Ok all right.' }, success: true }],
    [
      'a success with a non-200 code',
      { ...bindMobileSuccess, status: { code: 201, message: 'x' } },
    ],
    ['another dialect’s envelope', { code: 200, data: '绑定成功', msg: 'success' }],
  ])('rejects %s', (_name, value) => {
    expect(isAccountsEnvelope(value)).toBe(false);
  });
});

describe('isAccountsSuccess (05)', () => {
  it('tells success from failure', () => {
    const ok = bindMobileSuccess as AccountsEnvelope<unknown>;
    const failed = bindMobileFailure as AccountsEnvelope<unknown>;
    expect(isAccountsSuccess(ok)).toBe(true);
    expect(isAccountsSuccess(failed)).toBe(false);
  });

  it('keeps the document’s fixed texts', () => {
    expect(ACCOUNTS_MESSAGES.ok).toBe('Ok all right.');
    expect(ACCOUNTS_MESSAGES.mobileAlreadyBound).toBe('该手机号已绑定');
  });
});

describe('administrator envelope guards (02, 03)', () => {
  const success = { code: 200, data: '绑定成功', msg: 'success' };
  const validation = { code: 403, data: { type: ['type 不能为空'] }, msg: '请求数据验证失败!' };
  const unauthenticated = { code: 401, msg: '请求未认证' };
  const taken = { code: 403, msg: '该第三方账号已绑定其他用户' };

  it('recognises the documents’ three examples and a plain failure', () => {
    for (const body of [success, validation, unauthenticated, taken]) {
      expect(isAdministratorEnvelope(body)).toBe(true);
    }
  });

  it.each([
    ['null', null],
    ['an array', [success]],
    ['a string code', { code: '200', msg: 'success' }],
    ['no msg', { code: 200, data: 'x' }],
    ['the accounts envelope', bindMobileFailure],
  ])('rejects %s', (_name, value) => {
    expect(isAdministratorEnvelope(value)).toBe(false);
  });

  it('narrows success and validation failure', () => {
    const bodies = [success, validation, unauthenticated, taken] as AdministratorResponse<string>[];
    expect(bodies.map((body) => isAdministratorSuccess(body))).toEqual([true, false, false, false]);
    expect(bodies.map((body) => isAdministratorValidationError(body))).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });
});

describe('isOAuthBindingType (02, 03)', () => {
  it('accepts exactly the two documented types and the server`s WECOM and WECHAT_MP', () => {
    expect(OAUTH_BINDING_TYPES).toEqual(['WECHAT', 'DING_TALK', 'WECOM', 'WECHAT_MP']);
    for (const type of OAUTH_BINDING_TYPES) expect(isOAuthBindingType(type)).toBe(true);
  });

  it.each(['wechat', 'DINGTALK', 'QQ', 'wecom', 'WECHAT-MP', '', null, undefined, 1, ['WECHAT']])(
    'rejects %p',
    (value) => {
      expect(isOAuthBindingType(value)).toBe(false);
    },
  );
});

describe('isAccountValidationError (04)', () => {
  it.each(['missing_field', 'invalid', 'already_exists', 'link_already_taken', 'both_valid'])(
    'accepts code %s',
    (code) => {
      const body = { message: 'Validation Failed', error: { field: 'email', code } };
      expect(isAccountValidationError(body)).toBe(true);
    },
  );

  it.each([
    ['null', null],
    ['a plain error', { message: 'Not Found' }],
    [
      'another message',
      { message: 'Problems parsing JSON', error: { field: 'x', code: 'invalid' } },
    ],
    ['no error', { message: 'Validation Failed' }],
    ['an unknown code', { message: 'Validation Failed', error: { field: 'email', code: 'taken' } }],
    ['a non-string field', { message: 'Validation Failed', error: { field: 1, code: 'invalid' } }],
  ])('rejects %s', (_name, value) => {
    expect(isAccountValidationError(value)).toBe(false);
  });
});

describe('MY_ERROR_MESSAGES (01)', () => {
  it('keeps the documented messages verbatim, each with its status', () => {
    expect(MY_ERROR_MESSAGES.invalidAuthorization).toBe('invalid authorization');
    expect(MY_ERROR_MESSAGES.apiKeyNotFound).toBe('apiKey not found');
    expect(MY_ERROR_MESSAGES.userHasRelatedToWeixinAccount).toBe(
      'user has related to weixin account',
    );
    expect(Object.keys(MY_ERROR_STATUS).sort()).toEqual(Object.values(MY_ERROR_MESSAGES).sort());
    expect(MY_ERROR_STATUS['apiKey not found']).toBe(404);
    expect(MY_ERROR_STATUS['user has related to weixin account']).toBe(403);
  });
});

describe('buildPath', () => {
  it('returns a path without parameters unchanged', () => {
    expect(buildPath(ACCOUNTS_ROUTES.me.path)).toBe('/accounts/me');
  });

  it('fills and URL-encodes parameters', () => {
    expect(buildPath(ADMINISTRATOR_ROUTES.updateOAuthBinding.path, { type: 'DING_TALK' })).toBe(
      '/api/administrator/user/oauth-binding/DING_TALK',
    );
    expect(buildPath(ACCOUNT_ROUTES.verifyEmail.path, { token: 'a/b c?d' })).toBe(
      '/account/verify-email/a%2Fb%20c%3Fd',
    );
    expect(buildPath('/x/:a/y/:b', { a: '1', b: '2' })).toBe('/x/1/y/2');
  });

  it('throws when a parameter is missing at run time', () => {
    const untyped = buildPath as (path: string, params?: Record<string, string>) => string;
    expect(() => untyped('/account/verify-email/:token', {})).toThrow(/:token/);
    expect(() => untyped('/account/verify-email/:token')).toThrow(/:token/);
  });
});

describe('route maps', () => {
  it('name every documented and added path once', () => {
    const routes = [
      ...Object.values(ACCOUNTS_ROUTES),
      ...Object.values(MY_ROUTES),
      ...Object.values(ADMINISTRATOR_ROUTES),
      ...Object.values(ACCOUNT_ROUTES),
      ...Object.values(HEALTH_ROUTES),
    ].map(({ method, path }) => `${method} ${path}`);
    expect(routes.sort()).toEqual(
      [
        'POST /accounts/wxa_authorize',
        'POST /accounts/send_verify_code',
        'POST /accounts/wxa_bind_mobile',
        'GET /accounts/me',
        'PUT /api/my/bind-weixin',
        'GET /api/administrator/user/oauth-binding',
        'POST /api/administrator/user/oauth-binding',
        'PUT /api/administrator/user/oauth-binding/:type',
        'GET /account/wx',
        'POST /account/wx/signup',
        'POST /account/wx/link',
        'POST /account/wx/unlink',
        'GET /account/verify-email/:token',
        'GET /healthz',
        'GET /readyz',
      ].sort(),
    );
  });
});
