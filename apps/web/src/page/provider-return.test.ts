import { readProviderReturn, settingsAddress } from './provider-return';

const page = 'https://bind.example.com/';

describe('readProviderReturn', () => {
  it('reads WeChat`s code and state from before the fragment, where providers put them', () => {
    const returned = readProviderReturn(
      `${page}?code=0a1b2c&state=f00d#/account/settings/binding/wechat`,
    );
    expect(returned).toEqual({
      kind: 'granted',
      provider: expect.objectContaining({ type: 'WECHAT' }),
      grant: { name: 'code', value: '0a1b2c' },
      state: 'f00d',
    });
  });

  it('prefers DingTalk`s own authCode, and falls back to code', () => {
    expect(
      readProviderReturn(`${page}?authCode=ac&code=c&state=s#/account/settings/binding/dingtalk`),
    ).toMatchObject({ kind: 'granted', grant: { name: 'authCode', value: 'ac' } });
    expect(
      readProviderReturn(`${page}?code=c&state=s#/account/settings/binding/dingtalk`),
    ).toMatchObject({ kind: 'granted', grant: { name: 'code', value: 'c' } });
  });

  it('ignores authCode for WeChat, which never sends one', () => {
    expect(
      readProviderReturn(`${page}?authCode=ac&state=s#/account/settings/binding/wechat`),
    ).toMatchObject({ kind: 'refused' });
  });

  it('also reads parameters placed inside the fragment`s route', () => {
    expect(
      readProviderReturn(`${page}#/account/settings/binding/wechat?code=c&state=s`),
    ).toMatchObject({ kind: 'granted', grant: { value: 'c' }, state: 's' });
  });

  it('tells a refusal (WeChat: state only; DingTalk: error) from a mangled link and a bare route', () => {
    expect(readProviderReturn(`${page}?state=s#/account/settings/binding/wechat`)).toMatchObject({
      kind: 'refused',
    });
    expect(
      readProviderReturn(`${page}?error=access_denied&state=s#/account/settings/binding/dingtalk`),
    ).toMatchObject({ kind: 'refused', provider: { type: 'DING_TALK' } });
    expect(readProviderReturn(`${page}?code=c#/account/settings/binding/wechat`)).toMatchObject({
      kind: 'incomplete',
    });
    expect(
      readProviderReturn(`${page}?code=%20&state=s#/account/settings/binding/wechat`),
    ).toMatchObject({
      kind: 'refused',
    });
    expect(readProviderReturn(`${page}#/account/settings/binding/wechat`)).toMatchObject({
      kind: 'empty',
    });
  });

  it('is not a return on any other route or provider', () => {
    expect(readProviderReturn(`${page}?code=c&state=s`)).toBeUndefined();
    expect(readProviderReturn(`${page}?code=c&state=s#/account/settings`)).toBeUndefined();
    expect(
      readProviderReturn(`${page}?code=c&state=s#/account/settings/binding/github`),
    ).toBeUndefined();
    expect(
      readProviderReturn(`${page}?code=c&state=s#/account/settings/binding/wechat/extra`),
    ).toBeUndefined();
  });
});

describe('settingsAddress', () => {
  it('drops the query (single-use secrets) and shows the settings route, keeping the path', () => {
    expect(
      settingsAddress(
        'https://bind.example.com/settings/?code=c&state=s#/account/settings/binding/wechat',
      ),
    ).toBe('https://bind.example.com/settings/#/account/settings');
  });
});
