import type { WecomApp, WecomAppInput } from '../control/types';
import { newToken } from './ids';
import { SandboxInputError } from './input-error';

/**
 * WeCom self-built apps, keyed by corp and agent. /cgi-bin/gettoken names only the corp and a
 * secret: the secret says which of the corp's agents asks.
 */
export class WecomApps {
  private readonly apps = new Map<string, WecomApp>();

  register(input: WecomAppInput): WecomApp {
    const app: WecomApp = {
      corpId: input.corpId,
      agentId: input.agentId,
      secret: input.secret ?? newToken().slice(0, 43),
      name: input.name ?? `${input.corpId}/${input.agentId}`,
    };
    // Re-registering replaces the app, so a test can rotate a secret.
    this.apps.set(`${app.corpId}/${app.agentId}`, app);
    return app;
  }

  find(corpId: string, agentId: string): WecomApp | undefined {
    return this.apps.get(`${corpId}/${agentId}`);
  }

  get(corpId: string, agentId: string): WecomApp {
    const app = this.find(corpId, agentId);
    if (!app) throw new SandboxInputError(404, `no WeCom app ${corpId}/${agentId} is registered`);
    return app;
  }

  hasCorp(corpId: string): boolean {
    return this.list().some((app) => app.corpId === corpId);
  }

  /** The corp's agent whose secret this is. */
  bySecret(corpId: string, secret: string): WecomApp | undefined {
    return this.list().find((app) => app.corpId === corpId && app.secret === secret);
  }

  list(): WecomApp[] {
    return [...this.apps.values()];
  }

  clear(): void {
    this.apps.clear();
  }
}
