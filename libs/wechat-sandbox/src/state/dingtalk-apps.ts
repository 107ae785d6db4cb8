import type { DingtalkApp, DingtalkAppInput } from '../control/types';
import { newDingtalkId, newToken } from './ids';
import { SandboxInputError } from './input-error';

export class DingtalkApps {
  private readonly apps = new Map<string, DingtalkApp>();

  register(input: DingtalkAppInput): DingtalkApp {
    const app: DingtalkApp = {
      clientId: input.clientId,
      clientSecret: input.clientSecret ?? newToken(),
      corpId: input.corpId ?? `ding${newDingtalkId().slice(0, 16)}`,
      contactUserRead: input.contactUserRead ?? true,
    };
    this.apps.set(app.clientId, app);
    return app;
  }

  find(clientId: string): DingtalkApp | undefined {
    return this.apps.get(clientId);
  }

  get(clientId: string): DingtalkApp {
    const app = this.apps.get(clientId);
    if (!app) throw new SandboxInputError(404, `no DingTalk app ${clientId} is registered`);
    return app;
  }

  list(): DingtalkApp[] {
    return [...this.apps.values()];
  }

  clear(): void {
    this.apps.clear();
  }
}
