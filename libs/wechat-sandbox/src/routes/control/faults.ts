import type { Router } from '@koa/router';
import { parseFault } from '../../control/parse-fault';
import { bad, controlBody } from '../../control/validate';
import { isEndpoint } from '../../endpoints';
import { queryParam } from '../../http/params';
import type { SandboxState } from '../../state/sandbox-state';

/** Queue, list and clear faults. `DELETE /faults?endpoint=…` clears one endpoint's only. */
export function registerFaultControl(router: Router, state: SandboxState): void {
  router.post('/faults', (ctx) => {
    ctx.status = 201;
    ctx.body = state.faults.add(parseFault(controlBody(ctx)));
  });
  router.get('/faults', (ctx) => {
    ctx.body = { faults: state.faults.list() };
  });
  router.delete('/faults', (ctx) => {
    const endpoint = queryParam(ctx, 'endpoint');
    if (endpoint !== undefined && !isEndpoint(endpoint)) {
      bad(`endpoint ${endpoint} is not a sandbox endpoint`);
    }
    state.faults.clear(endpoint);
    ctx.status = 204;
  });
}
