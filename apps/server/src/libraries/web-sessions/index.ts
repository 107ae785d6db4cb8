export type { SessionStore, SignInMethod, WebSession } from './session-store';
export type { WebSessionFailure } from './web-session-error';
export { WebSessionError } from './web-session-error';
export type {
  Requester,
  SignedInUser,
  SignInType,
  WebSessions,
  WebSessionsDeps,
} from './web-sessions';
export {
  createWebSessions,
  maskMobile,
  SIGN_IN_TYPES,
  WEB_SESSION_TTL_SECONDS,
} from './web-sessions';
