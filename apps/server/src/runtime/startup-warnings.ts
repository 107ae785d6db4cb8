import type { Config } from '../config';
import type { Logger } from '../logger';

/**
 * Settings that relax a rule (for an old client, or for a deployment we cannot see into) are off
 * by default and, when on, are announced at every start so nobody runs with one forgotten.
 * Each rule adds one line here: `if (<setting is on>) warnings.push('<NAME> is on: <what it relaxes>');`
 */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.accountWxTrustedProxies.length > 0) {
    warnings.push(
      `ACCOUNT_WX_TRUSTED_PROXIES is on (${config.accountWxTrustedProxies.join(', ')}): ` +
        '/account/wx* believes X-Union-Id without a client key from peers in these networks',
    );
  }
  if (config.miniProgram.bindProof === 'openid') {
    warnings.push(
      'WXA_BIND_PROOF=openid is on: /accounts/send_verify_code and /accounts/wxa_bind_mobile ' +
        'act for anyone who names an openid with a live session, without its session_token (unsafe)',
    );
  }
  if (config.smtpUrl === undefined && config.nodeEnv === 'production') {
    warnings.push('SMTP_URL is unset: verification mail is logged, not sent');
  }
  return warnings;
}

/** Logs each start-up warning; the server's start path calls this once it is listening. */
export function logStartupWarnings(config: Config, logger: Logger): string[] {
  const warnings = startupWarnings(config);
  for (const warning of warnings) logger.warn(warning);
  return warnings;
}
