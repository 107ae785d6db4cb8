import type { OAuthBindingType } from '@wechat-bind/dto';

/**
 * Every word the page shows, one table per language. Chinese first: the page speaks zh-CN unless
 * the browser's first language is English (navigator.languages[0] starting with `en`).
 */
export type Locale = 'zh-CN' | 'en';

type Words<T extends unknown[] = []> = (...args: T) => string;

export interface Messages {
  lang: Locale;
  title: string;
  /** How each provider is named. */
  provider: Record<'WECHAT' | 'DING_TALK' | 'WECOM', string>;
  signOut: string;
  signedInAs: Words<[who: string]>;
  signedOut: string;
  signedOutToken: string;
  // Sign-in.
  signInTitle: string;
  mobileLabel: string;
  codeLabel: string;
  sendCode: string;
  resendIn: Words<[seconds: number]>;
  codeSent: Words<[mobile: string]>;
  signIn: string;
  orWith: string;
  signInWith: Words<[name: string]>;
  withToken: string;
  withMobile: string;
  tokenLabel: string;
  tokenHelpBefore: string;
  tokenHelpAfter: string;
  mobileProblem: string;
  codeProblem: string;
  tokenMissing: string;
  tokenShape: string;
  signInToFinish: Words<[name: string]>;
  signingIn: Words<[name: string]>;
  // The list.
  methodsTitle: string;
  methodsIntro: Words<[names: string]>;
  notBound: string;
  boundTo: Words<[nickname: string]>;
  bound: string;
  since: string;
  bind: Words<[name: string]>;
  unbind: Words<[name: string]>;
  logoAlt: Words<[name: string]>;
  loadFailed: string;
  tryAgain: string;
  // Binding and unbinding.
  opening: Words<[name: string]>;
  finishing: Words<[name: string]>;
  nowBound: Words<[name: string]>;
  unbound: Words<[name: string]>;
  refused: Words<[name: string]>;
  incomplete: Words<[name: string]>;
  badAddress: Words<[name: string]>;
  unbindTitle: Words<[name: string]>;
  unbindMessage: Words<[name: string, nickname: string | null]>;
  lastWayWarning: Words<[name: string]>;
  cancel: string;
  confirmUnbind: string;
  // Failures.
  errors: ErrorWords;
}

/** Failure wording; `{label}` templates of the server's messages are keyed by their Chinese text. */
export interface ErrorWords {
  pageBroken: string;
  network: string;
  unexpected: string;
  detail: Words<[msg: string, status: number]>;
  detailStatus: Words<[status: number]>;
  tokenRefused: string;
  sessionEnded: string;
  invalid: Words<[problems: string]>;
  generic5xx: string;
  generic4xx: string;
  later: string;
  inSeconds: Words<[seconds: number]>;
  inMinutes: Words<[minutes: number]>;
  byMessage: Record<string, Words<[words: { label: string; bind: string; wait: string }]>>;
}

const reloadEn = 'Reload the page and try again: it may be out of date.';
const reloadZh = '请刷新页面后重试：页面可能已过期。';

export const EN: Messages = {
  lang: 'en',
  title: 'Account settings',
  provider: { WECHAT: 'WeChat', DING_TALK: 'DingTalk', WECOM: 'WeCom' },
  signOut: 'Sign out',
  signedInAs: (who) => `Signed in as ${who}`,
  signedOut: 'Signed out.',
  signedOutToken: 'Signed out: this tab no longer holds your token.',
  signInTitle: 'Sign in',
  mobileLabel: 'Mobile number',
  codeLabel: 'SMS code',
  sendCode: 'Send code',
  resendIn: (seconds) => `Resend in ${seconds} s`,
  codeSent: (mobile) => `A code was sent to ${mobile}.`,
  signIn: 'Sign in',
  orWith: 'Or sign in with an account you have bound:',
  signInWith: (name) => `Sign in with ${name}`,
  withToken: 'Sign in with a token',
  withMobile: 'Sign in with a mobile number',
  tokenLabel: 'Personal access token',
  tokenHelpBefore: 'It looks like 12|AbC…; an administrator issues it with ',
  tokenHelpAfter: '. It is kept in this tab only and sent only to this server.',
  mobileProblem: 'Enter a mainland China mobile number: 11 digits starting with 1.',
  codeProblem: 'Enter the 6-digit code from the SMS.',
  tokenMissing: 'Paste your personal access token first.',
  tokenShape:
    'That does not look like a personal access token, which reads <id>|<secret>, for example 12|AbC…',
  signInToFinish: (name) => `Sign in to finish binding ${name}.`,
  signingIn: (name) => `Signing in with ${name}…`,
  methodsTitle: 'Sign-in methods',
  methodsIntro: (names) => `Bind ${names} to sign in with it.`,
  notBound: 'Not bound',
  boundTo: (nickname) => `Bound to “${nickname}”`,
  bound: 'Bound',
  since: ' since ',
  bind: (name) => `Bind ${name}`,
  unbind: (name) => `Unbind ${name}`,
  logoAlt: (name) => `${name} logo`,
  loadFailed: 'Your sign-in methods could not be loaded.',
  tryAgain: 'Try again',
  opening: (name) => `Opening ${name}…`,
  finishing: (name) => `Finishing the ${name} binding…`,
  nowBound: (name) => `${name} is now bound to your account.`,
  unbound: (name) => `${name} is unbound from your account.`,
  refused: (name) => `${name} was not bound: the request was declined on the ${name} page.`,
  incomplete: (name) =>
    `${name} sent back an incomplete answer, so nothing was bound. Press “Bind ${name}” to try again.`,
  badAddress: (name) => `The server gave an address this page will not open for ${name}.`,
  unbindTitle: (name) => `Unbind ${name}?`,
  unbindMessage: (name, nickname) =>
    `You will no longer be able to sign in with this ${name} account${nickname === null ? '' : ` (“${nickname}”)`}. You can bind it again later.`,
  lastWayWarning: (name) =>
    `${name} is your last way to sign in: your account has no mobile number and nothing else is bound. After unbinding you cannot sign in to this page again without an administrator.`,
  cancel: 'Cancel',
  confirmUnbind: 'Unbind',
  errors: {
    pageBroken: 'Something went wrong in this page. Reload it and try again.',
    network: 'Cannot reach the server. Check your connection and try again.',
    unexpected: 'The server sent a reply this page does not understand. Try again later.',
    detail: (msg, status) => `Server said: ${msg} (HTTP ${status})`,
    detailStatus: (status) => `HTTP ${status}`,
    tokenRefused:
      'Your access token was not accepted: it may be mistyped, revoked or expired. Sign in with a valid token.',
    sessionEnded:
      'You are signed out: your session ended or was signed out elsewhere. Sign in again.',
    invalid: (problems) => `The server refused the request as invalid: ${problems} ${reloadEn}`,
    generic5xx: 'The server could not complete the request. Try again later.',
    generic4xx: 'The server refused the request.',
    later: 'later',
    inSeconds: (seconds) => `in ${seconds} second${seconds === 1 ? '' : 's'}`,
    inMinutes: (minutes) => `in ${minutes} minutes`,
    byMessage: {
      'state 无效或已过期，请重新发起绑定': ({ bind }) =>
        `This binding attempt has expired or was already used. Press “${bind}” to start again.`,
      '{label}授权码无效或已过期，请重新授权': ({ label, bind }) =>
        `${label} did not confirm the sign-in: its authorization expired or was already used. Press “${bind}” to try again.`,
      该第三方账号已绑定其他用户: ({ label }) =>
        `This ${label} account is already bound to another user. Unbind it there first, or choose another ${label} account.`,
      '当前用户已绑定其他{label}账号，请先解除绑定': ({ label }) =>
        `Another ${label} account is already bound to you. Unbind it first, then bind the new one.`,
      '该{label}账号所在的组织不允许绑定本服务': ({ label }) =>
        `This ${label} account belongs to an organisation that may not bind to this service. Choose an account of an allowed organisation.`,
      '该{label}账号已被限制登录': ({ label }) =>
        `${label} restricts sign-in for this account, so it cannot be bound.`,
      '操作过于频繁，请稍后再试': ({ wait }) => `Too many attempts. Try again ${wait}.`,
      '{label}拒绝了本服务的应用凭据，请联系管理员检查配置': ({ label }) =>
        `${label} refused this server’s app credentials. Ask the administrator to check the configuration.`,
      '{label}应用缺少读取用户个人信息的权限，请联系管理员': ({ label }) =>
        `The ${label} app is not allowed to read your profile. Ask the administrator to grant it that permission.`,
      '{label}服务暂不可用，请稍后重试': ({ label }) =>
        `${label} is not answering right now. Try again in a moment.`,
      '{label}接口调用过于频繁，请稍后重试': ({ label }) =>
        `${label} is limiting this server’s calls right now. Try again later.`,
      '本服务未配置{label}登录': ({ label }) =>
        `Binding ${label} is not set up on this server. Ask the administrator.`,
      '服务暂不可用，请稍后重试': () => 'The service is briefly unavailable. Try again shortly.',
      请求的资源不存在: () => `The server does not offer this. ${reloadEn}`,
      请求方法不允许: () => `The server refused this kind of request. ${reloadEn}`,
      请求方法不支持: () => `The server refused this kind of request. ${reloadEn}`,
      请求数据格式错误: () => `The server could not read the request. ${reloadEn}`,
      请求数据格式不支持: () => `The server could not read the request. ${reloadEn}`,
      请求数据过大: () => `The request was too large for the server. ${reloadEn}`,
      服务器内部错误: () =>
        'The server failed unexpectedly. Try again; if it keeps failing, tell the administrator.',
      验证码错误: () => 'That code is not right. Check the SMS and type it again.',
      '验证码已失效，请重新获取': () =>
        'That code has expired or was already used. Press “Send code” for a new one.',
      该手机号未绑定任何用户: () =>
        'No account has this mobile number. Sign in another way, or ask the administrator.',
      '该{label}账号未绑定任何用户，请先用手机号登录后绑定': ({ label }) =>
        `This ${label} account is not bound to any user. Sign in with your mobile number first, then bind ${label}.`,
      'state 无效或已过期，请重新登录': ({ label }) =>
        `This ${label} sign-in has expired or was already used. Start it again.`,
      '短信发送失败，请稍后重试': () => 'The SMS could not be sent. Try again in a moment.',
      请求来源校验失败: () => `The server did not accept this page’s request. ${reloadEn}`,
    },
  },
};

export const ZH_CN: Messages = {
  lang: 'zh-CN',
  title: '账号设置',
  provider: { WECHAT: '微信', DING_TALK: '钉钉', WECOM: '企业微信' },
  signOut: '退出登录',
  signedInAs: (who) => `已登录：${who}`,
  signedOut: '已退出登录。',
  signedOutToken: '已退出登录：此标签页不再保存您的令牌。',
  signInTitle: '登录',
  mobileLabel: '手机号',
  codeLabel: '短信验证码',
  sendCode: '获取验证码',
  resendIn: (seconds) => `${seconds} 秒后可重发`,
  codeSent: (mobile) => `验证码已发送至 ${mobile}。`,
  signIn: '登录',
  orWith: '或使用已绑定的账号登录：',
  signInWith: (name) => `使用${name}登录`,
  withToken: '使用令牌登录',
  withMobile: '使用手机号登录',
  tokenLabel: '个人访问令牌',
  tokenHelpBefore: '格式如 12|AbC…，由管理员通过 ',
  tokenHelpAfter: ' 签发。令牌只保存在此标签页，只发送给本服务。',
  mobileProblem: '请输入中国大陆手机号：以 1 开头的 11 位数字。',
  codeProblem: '请输入短信中的 6 位验证码。',
  tokenMissing: '请先粘贴您的个人访问令牌。',
  tokenShape: '这不像个人访问令牌。令牌的格式为 <id>|<secret>，例如 12|AbC…',
  signInToFinish: (name) => `请登录以完成${name}绑定。`,
  signingIn: (name) => `正在使用${name}登录…`,
  methodsTitle: '登录方式',
  methodsIntro: (names) => `绑定${names}后即可用其登录。`,
  notBound: '未绑定',
  boundTo: (nickname) => `已绑定“${nickname}”`,
  bound: '已绑定',
  since: '，绑定于 ',
  bind: (name) => `绑定${name}`,
  unbind: (name) => `解绑${name}`,
  logoAlt: (name) => `${name}标志`,
  loadFailed: '无法加载您的登录方式。',
  tryAgain: '重试',
  opening: (name) => `正在打开${name}…`,
  finishing: (name) => `正在完成${name}绑定…`,
  nowBound: (name) => `${name}已绑定到您的账号。`,
  unbound: (name) => `${name}已从您的账号解绑。`,
  refused: (name) => `${name}未绑定：您在${name}页面上拒绝了授权。`,
  incomplete: (name) => `${name}返回的信息不完整，未做任何绑定。请点击“绑定${name}”重试。`,
  badAddress: (name) => `服务器给出的${name}地址无法打开。`,
  unbindTitle: (name) => `解绑${name}？`,
  unbindMessage: (name, nickname) =>
    `解绑后将无法再用此${name}账号${nickname === null ? '' : `（“${nickname}”）`}登录。之后可以重新绑定。`,
  lastWayWarning: (name) =>
    `${name}是您最后一种登录方式：您的账号没有手机号，也没有绑定其他账号。解绑后，只有管理员才能帮您重新登录此页面。`,
  cancel: '取消',
  confirmUnbind: '解绑',
  errors: {
    pageBroken: '页面出错了，请刷新后重试。',
    network: '无法连接服务器，请检查网络后重试。',
    unexpected: '服务器返回了页面无法识别的内容，请稍后重试。',
    detail: (msg, status) => `服务器消息：${msg}（HTTP ${status}）`,
    detailStatus: (status) => `HTTP ${status}`,
    tokenRefused: '访问令牌未被接受：可能输错、已撤销或已过期。请使用有效的令牌登录。',
    sessionEnded: '您已退出登录：会话已过期或已在别处退出。请重新登录。',
    invalid: (problems) => `服务器认为请求无效：${problems} ${reloadZh}`,
    generic5xx: '服务器无法完成请求，请稍后重试。',
    generic4xx: '服务器拒绝了请求。',
    later: '稍后',
    inSeconds: (seconds) => `${seconds} 秒后`,
    inMinutes: (minutes) => `${minutes} 分钟后`,
    byMessage: {
      'state 无效或已过期，请重新发起绑定': ({ bind }) =>
        `本次绑定已过期或已使用。请点击“${bind}”重新开始。`,
      '{label}授权码无效或已过期，请重新授权': ({ label, bind }) =>
        `${label}未确认授权：授权已过期或已使用。请点击“${bind}”重试。`,
      该第三方账号已绑定其他用户: ({ label }) =>
        `此${label}账号已绑定其他用户。请先在那里解绑，或换一个${label}账号。`,
      '当前用户已绑定其他{label}账号，请先解除绑定': ({ label }) =>
        `您已绑定另一个${label}账号。请先解绑，再绑定新的账号。`,
      '该{label}账号所在的组织不允许绑定本服务': ({ label }) =>
        `此${label}账号所在的组织不允许绑定本服务。请选择允许的组织中的账号。`,
      '该{label}账号已被限制登录': ({ label }) => `${label}限制了此账号登录，因此无法绑定。`,
      '操作过于频繁，请稍后再试': ({ wait }) => `尝试次数过多，请${wait}再试。`,
      '{label}拒绝了本服务的应用凭据，请联系管理员检查配置': ({ label }) =>
        `${label}拒绝了本服务的应用凭据。请联系管理员检查配置。`,
      '{label}应用缺少读取用户个人信息的权限，请联系管理员': ({ label }) =>
        `${label}应用没有读取您个人信息的权限。请联系管理员授予该权限。`,
      '{label}服务暂不可用，请稍后重试': ({ label }) => `${label}暂时没有响应，请稍后重试。`,
      '{label}接口调用过于频繁，请稍后重试': ({ label }) =>
        `${label}正在限制本服务的调用，请稍后重试。`,
      '本服务未配置{label}登录': ({ label }) => `本服务未配置${label}，请联系管理员。`,
      '服务暂不可用，请稍后重试': () => '服务暂时不可用，请稍后重试。',
      请求的资源不存在: () => `服务器不提供此功能。${reloadZh}`,
      请求方法不允许: () => `服务器拒绝了此类请求。${reloadZh}`,
      请求方法不支持: () => `服务器拒绝了此类请求。${reloadZh}`,
      请求数据格式错误: () => `服务器无法读取请求。${reloadZh}`,
      请求数据格式不支持: () => `服务器无法读取请求。${reloadZh}`,
      请求数据过大: () => `请求数据过大。${reloadZh}`,
      服务器内部错误: () => '服务器发生意外错误。请重试；如果一直失败，请联系管理员。',
      验证码错误: () => '验证码不正确，请核对短信后重新输入。',
      '验证码已失效，请重新获取': () => '验证码已过期或已使用，请点击“获取验证码”重新获取。',
      该手机号未绑定任何用户: () => '没有账号使用此手机号。请换一种方式登录，或联系管理员。',
      '该{label}账号未绑定任何用户，请先用手机号登录后绑定': ({ label }) =>
        `此${label}账号未绑定任何用户。请先用手机号登录，再绑定${label}。`,
      'state 无效或已过期，请重新登录': ({ label }) =>
        `本次${label}登录已过期或已使用，请重新开始。`,
      '短信发送失败，请稍后重试': () => '短信发送失败，请稍后重试。',
      请求来源校验失败: () => `服务器未接受此页面的请求。${reloadZh}`,
    },
  },
};

/** zh-CN unless the browser's first choice is English. */
export function pickMessages(languages: readonly string[] | undefined): Messages {
  return languages?.[0]?.toLowerCase().startsWith('en') ? EN : ZH_CN;
}

export const providerName = (messages: Messages, type: OAuthBindingType): string =>
  messages.provider[type === 'WECHAT_MP' ? 'WECHAT' : type];
