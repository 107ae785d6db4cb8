import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';

/** How many times the server called each upstream endpoint; DELETE starts counting again. */
export function registerCallControl(router: Router, state: SandboxState): void {
  router.get('/calls', (ctx) => {
    ctx.body = state.calls.snapshot();
  });
  router.delete('/calls', (ctx) => {
    state.calls.reset();
    ctx.status = 204;
  });
}
