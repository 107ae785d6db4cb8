import type { AppContext } from '../../app-context';
import type { WebCookieSettings } from '../../middleware/koa-web-session-auth';

/** The page's cookies live below this dialect's prefix; Secure in production. */
export function webCookieSettings(context: AppContext, prefix: string): WebCookieSettings {
  return {
    path: prefix,
    production: context.config.nodeEnv === 'production',
    publicUrl: context.config.publicUrl,
  };
}
