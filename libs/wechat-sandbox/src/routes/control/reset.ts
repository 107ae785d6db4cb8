import type { Router } from '@koa/router';
import type { SandboxState } from '../../state/sandbox-state';

/** Everything back to how startSandbox left it (see SandboxState.reset). */
export function registerResetControl(router: Router, state: SandboxState): void {
  router.post('/reset', (ctx) => {
    state.reset();
    ctx.status = 204;
  });
}
