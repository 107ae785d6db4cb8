import { dingtalkAuthorizeUrl, wechatAuthorizeUrl } from './authorize-url';

describe('authorize URLs', () => {
  const webApp = {
    appId: 'wx64b522a7ca7bf76d',
    secret: 'unused',
    redirectUri: 'http://localhost:8000/#/account/settings/binding/wechat',
  };

  it("builds WeChat's qrconnect link as 03's example does (parameters in its order)", () => {
    expect(
      wechatAuthorizeUrl('https://open.weixin.qq.com', webApp, '0c28af8d1e9394906b0c4e622dcdb747'),
    ).toBe(
      'https://open.weixin.qq.com/connect/qrconnect?appid=wx64b522a7ca7bf76d' +
        '&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2F%23%2Faccount%2Fsettings%2Fbinding%2Fwechat' +
        '&response_type=code&scope=snsapi_login&state=0c28af8d1e9394906b0c4e622dcdb747' +
        '&connect_redirect=1#wechat_redirect',
    );
  });

  it("builds DingTalk's oauth2/auth link in the documented order", () => {
    const app = {
      clientId: 'dingabc',
      clientSecret: 'unused',
      redirectUri: 'https://admin.example.com/bind?from=ding&x=a b',
    };
    expect(dingtalkAuthorizeUrl('https://login.dingtalk.com', app, 'abc123')).toBe(
      'https://login.dingtalk.com/oauth2/auth' +
        '?redirect_uri=https%3A%2F%2Fadmin.example.com%2Fbind%3Ffrom%3Dding%26x%3Da%20b' +
        '&response_type=code&client_id=dingabc&scope=openid&state=abc123&prompt=consent',
    );
  });

  it('takes a base with or without a trailing slash, or with a path', () => {
    expect(wechatAuthorizeUrl('http://127.0.0.1:4100/', webApp, 's')).toMatch(
      /^http:\/\/127\.0\.0\.1:4100\/connect\/qrconnect\?appid=/,
    );
    expect(wechatAuthorizeUrl('http://proxy.local/wechat//', webApp, 's')).toMatch(
      /^http:\/\/proxy\.local\/wechat\/connect\/qrconnect\?/,
    );
  });
});
