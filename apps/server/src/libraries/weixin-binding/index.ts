export { createAttemptLimiter } from './attempt-limiter';
export type { AttemptLimiter } from './attempt-limiter';
export { createWeixinBinding } from './bind-weixin';
export type {
  BindWeixin,
  BindWeixinInput,
  BindWeixinResult,
  WeixinBindingDeps,
} from './bind-weixin';
export { proveWeixinAccount } from './prove-weixin-account';
export type { ProvenWeixinAccount, WeixinClaim } from './prove-weixin-account';
export { serializeUser } from './serialize-user';
export { storeBinding } from './store-binding';
export { WeixinBindingError } from './weixin-binding-error';
export type { WeixinBindingFailure } from './weixin-binding-error';
