import type { Router } from '@koa/router';
import type { WechatGender } from '../../control/types';
import {
  bad,
  controlBody,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStringRecord,
  requiredString,
} from '../../control/validate';
import type { SandboxState } from '../../state/sandbox-state';

/** Register WeChat and DingTalk users, and list them. */
export function registerUserControl(router: Router, state: SandboxState): void {
  router.post('/wechat/users', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.wechatUsers.register({
      unionid: optionalString(body, 'unionid'),
      phone: optionalString(body, 'phone'),
      countryCode: optionalString(body, 'countryCode'),
      nickname: requiredString(body, 'nickname'),
      avatar: requiredString(body, 'avatar'),
      gender: gender(optionalNumber(body, 'gender')),
      city: optionalString(body, 'city'),
      province: optionalString(body, 'province'),
      country: optionalString(body, 'country'),
      language: optionalString(body, 'language'),
      openids: optionalStringRecord(body, 'openids'),
      risky: optionalBoolean(body, 'risky'),
    });
  });
  router.get('/wechat/users', (ctx) => {
    ctx.body = { users: state.wechatUsers.list() };
  });

  router.post('/dingtalk/users', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.dingtalkUsers.register({
      unionId: optionalString(body, 'unionId'),
      openId: optionalString(body, 'openId'),
      nick: requiredString(body, 'nick'),
      avatarUrl: optionalString(body, 'avatarUrl'),
      mobile: optionalString(body, 'mobile'),
      stateCode: optionalString(body, 'stateCode'),
      email: optionalString(body, 'email'),
      corpId: optionalString(body, 'corpId'),
    });
  });
  router.get('/dingtalk/users', (ctx) => {
    ctx.body = { users: state.dingtalkUsers.list() };
  });

  router.post('/wecom/users', (ctx) => {
    const body = controlBody(ctx);
    ctx.status = 201;
    ctx.body = state.wecomUsers.register({
      corpId: requiredString(body, 'corpId'),
      userId: optionalString(body, 'userId'),
      name: requiredString(body, 'name'),
      avatar: optionalString(body, 'avatar'),
      member: optionalBoolean(body, 'member'),
    });
  });
  router.get('/wecom/users', (ctx) => {
    ctx.body = { users: state.wecomUsers.list() };
  });
}

function gender(value: number | undefined): WechatGender | undefined {
  if (value === undefined || value === 0 || value === 1 || value === 2) return value;
  return bad('gender must be 0 (unknown), 1 (male) or 2 (female)');
}
