import { RequestError, httpErrors } from '../errors/request-error';
import type { ErrorRenderer } from '../errors/error-renderer';
import { dialects, plainDialect } from './registry';

const errorRenderers = Object.fromEntries(
  [...dialects, plainDialect].map((dialect) => [dialect.name, dialect.render]),
) as Record<'my' | 'administrator' | 'account' | 'accounts' | 'plain', ErrorRenderer>;

describe('error renderers match the documented envelopes', () => {
  it('accounts (05): { status: { code, message }, success: false }, HTTP status = code', () => {
    const rendered = errorRenderers.accounts(
      new RequestError({ code: 'mobile_taken', status: 400, message: '该手机号已绑定' }),
    );
    expect(rendered).toEqual({
      status: 400,
      body: { status: { code: 400, message: '该手机号已绑定' }, success: false },
    });
  });

  it('my (01): { message } verbatim, with errors per field for validation', () => {
    expect(
      errorRenderers.my(
        new RequestError({ code: 'user_not_found', status: 404, message: 'user not found' }),
      ),
    ).toEqual({ status: 404, body: { message: 'user not found' } });
    expect(
      errorRenderers.my(
        new RequestError({
          code: 'invalid_params',
          status: 400,
          message: 'invalid params',
          details: { errors: { userId: 'userId is required' } },
        }),
      ),
    ).toEqual({
      status: 400,
      body: { message: 'invalid params', errors: { userId: 'userId is required' } },
    });
  });

  it('administrator (02/03): { code, data, msg } for validation and { code, msg } for 401', () => {
    expect(
      errorRenderers.administrator(
        new RequestError({
          code: 'validation_failed',
          status: 403,
          message: '请求数据验证失败!',
          details: { data: { type: ['type 不能为空。'] } },
        }),
      ),
    ).toEqual({
      status: 403,
      body: { code: 403, data: { type: ['type 不能为空。'] }, msg: '请求数据验证失败!' },
    });
    expect(
      errorRenderers.administrator(
        new RequestError({ code: 'unauthenticated', status: 401, message: '请求未认证' }),
      ),
    ).toEqual({ status: 401, body: { code: 401, msg: '请求未认证' } });
  });

  it('account (04): { message } and { message, error: { field, code } } for 422', () => {
    expect(errorRenderers.account(httpErrors.invalidJson())).toEqual({
      status: 400,
      body: { message: 'Problems parsing JSON' },
    });
    expect(errorRenderers.account(httpErrors.notFound())).toEqual({
      status: 404,
      body: { message: 'Not Found' },
    });
    expect(
      errorRenderers.account(
        new RequestError({
          code: 'validation_failed',
          status: 422,
          message: 'Validation Failed',
          details: { error: { field: 'email', code: 'missing_field' } },
        }),
      ),
    ).toEqual({
      status: 422,
      body: { message: 'Validation Failed', error: { field: 'email', code: 'missing_field' } },
    });
  });

  it('plain paths: { error: { code, message } }', () => {
    expect(errorRenderers.plain(httpErrors.methodNotAllowed())).toEqual({
      status: 405,
      body: { error: { code: 'method_not_allowed', message: 'Method Not Allowed' } },
    });
  });

  it('never shows the message of an unexpected error', () => {
    const internal = httpErrors.internal(new Error('password=hunter2 at db.example'));
    for (const render of Object.values(errorRenderers)) {
      const { status, body } = render(internal);
      expect(status).toBe(500);
      expect(JSON.stringify(body)).not.toContain('hunter2');
    }
  });
});
