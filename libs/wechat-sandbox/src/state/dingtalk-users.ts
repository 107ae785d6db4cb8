import type { DingtalkUser, DingtalkUserInput } from '../control/types';
import { newDingtalkId } from './ids';
import { SandboxInputError } from './input-error';

/** DingTalk accounts, keyed by unionId; found by unionId or openId. */
export class DingtalkUsers {
  private readonly byUnionId = new Map<string, DingtalkUser>();

  register(input: DingtalkUserInput): DingtalkUser {
    const user: DingtalkUser = {
      unionId: input.unionId ?? newDingtalkId(),
      openId: input.openId ?? newDingtalkId(),
      nick: input.nick,
      avatarUrl: input.avatarUrl ?? '',
      mobile: input.mobile,
      stateCode: input.stateCode ?? '86',
      email: input.email,
      ...(input.corpId !== undefined ? { corpId: input.corpId } : {}),
    };
    if (this.find(user.unionId) || this.find(user.openId)) {
      throw new SandboxInputError(
        409,
        `a DingTalk user ${user.unionId} / ${user.openId} already exists`,
      );
    }
    this.byUnionId.set(user.unionId, user);
    return user;
  }

  find(ref: string): DingtalkUser | undefined {
    return this.byUnionId.get(ref) ?? [...this.byUnionId.values()].find((u) => u.openId === ref);
  }

  get(ref: string): DingtalkUser {
    const user = this.find(ref);
    if (!user) throw new SandboxInputError(404, `no DingTalk user ${ref} is registered`);
    return user;
  }

  list(): DingtalkUser[] {
    return [...this.byUnionId.values()];
  }

  clear(): void {
    this.byUnionId.clear();
  }
}
