/**
 * WeChat's own WXBizDataCrypt demo vector, shared by the tests (test-only; not exported).
 *
 * Source: the sample code WeChat links from "开放数据校验与解密 → 加密数据解密算法"
 * (https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html, the
 * "点击下载" link, https://res.wx.qq.com/wxdoc/dist/assets/media/aes-sample.eae1f364.zip); every
 * language's demo file (e.g. Python/demo.py, mirrored at
 * https://github.com/sandyxu/wechat-aes-sample/blob/master/Python/demo.py) uses these values.
 * The expected plaintext was confirmed independently with
 * `base64 -d | openssl enc -d -aes-128-cbc -K <hex key> -iv <hex iv>`.
 */
export const DEMO = {
  appId: 'wx4f4bc4dec97d474b',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC' +
    '+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poO' +
    'FtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8' +
    'xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB' +
    '6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJd' +
    'NiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOy' +
    'uxINew==',
  plaintext: {
    openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
    nickName: 'Band',
    gender: 1,
    language: 'zh_CN',
    city: 'Guangzhou',
    province: 'Guangdong',
    country: 'CN',
    avatarUrl:
      'http://wx.qlogo.cn/mmopen/vi_32/aSKcBBPpibyKNicHNTMM0qJVh8Kjgiak2AHWr8MHM4WgMEm7GFhsf8OYrySdbvAMvTsw3mo8ibKicsnfN5pRjl1p8HQ/0',
    unionId: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA',
    watermark: { timestamp: 1477314187, appid: 'wx4f4bc4dec97d474b' },
  },
} as const;
