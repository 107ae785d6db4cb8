import type { Router } from '@koa/router';
import { configProblem } from '../../config';
import { bad, controlBody, optionalNumber } from '../../control/validate';
import type { SandboxState } from '../../state/sandbox-state';

/**
 * Read and change lifetimes (codeTtlMs, accessTokenTtlMs). A change applies to codes and tokens
 * issued afterwards; those already issued keep their expiry.
 */
export function registerConfigControl(router: Router, state: SandboxState): void {
  router.get('/config', (ctx) => {
    ctx.body = state.config;
  });
  router.post('/config', (ctx) => {
    const body = controlBody(ctx);
    const partial = {
      codeTtlMs: optionalNumber(body, 'codeTtlMs'),
      accessTokenTtlMs: optionalNumber(body, 'accessTokenTtlMs'),
    };
    const problem = configProblem(partial);
    if (problem !== undefined) bad(problem);
    ctx.body = state.configure(
      Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)),
    );
  });
}
