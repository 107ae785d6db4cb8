/** Lifetimes the tests may shorten; everything else about the sandbox is fixed. */
export interface SandboxConfig {
  /** How long js_codes, OAuth codes, phone codes and DingTalk authCodes live. WeChat: 5 minutes. */
  codeTtlMs: number;
  /** How long every access token lives; `expires_in`/`expireIn` report it in seconds. WeChat: 7200 s. */
  accessTokenTtlMs: number;
}

export const DEFAULT_CONFIG: SandboxConfig = {
  codeTtlMs: 5 * 60 * 1000,
  accessTokenTtlMs: 7200 * 1000,
};

/** Seconds as the APIs report them: whole, and never 0 for a token that is still alive. */
export function ttlSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Checks a partial config from options or the control API; returns the problem or undefined. */
export function configProblem(
  partial: Partial<Record<keyof SandboxConfig, unknown>>,
): string | undefined {
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof SandboxConfig)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return `${key} must be a positive number of milliseconds`;
    }
  }
  return undefined;
}
