import type { WecomUser, WecomUserInput } from '../control/types';
import { newOpenid } from './ids';
import { SandboxInputError } from './input-error';

/** People in WeCom corps, keyed by corp and userId; found by userId or openId within a corp. */
export class WecomUsers {
  private readonly users = new Map<string, WecomUser>();
  private generated = 0;

  register(input: WecomUserInput): WecomUser {
    this.generated += 1;
    const user: WecomUser = {
      corpId: input.corpId,
      userId:
        input.userId ?? `user${String(this.generated).padStart(4, '0')}${newOpenid().slice(1, 7)}`,
      openId: newOpenid(),
      name: input.name,
      avatar: input.avatar ?? '',
      member: input.member ?? true,
    };
    if (this.find(user.corpId, user.userId)) {
      throw new SandboxInputError(409, `a WeCom user ${user.corpId}/${user.userId} already exists`);
    }
    this.users.set(`${user.corpId}/${user.userId}`, user);
    return user;
  }

  find(corpId: string, ref: string): WecomUser | undefined {
    return (
      this.users.get(`${corpId}/${ref}`) ??
      this.list().find((user) => user.corpId === corpId && user.openId === ref)
    );
  }

  get(corpId: string, ref: string): WecomUser {
    const user = this.find(corpId, ref);
    if (!user) throw new SandboxInputError(404, `no WeCom user ${ref} in corp ${corpId}`);
    return user;
  }

  inCorp(corpId: string): WecomUser[] {
    return this.list().filter((user) => user.corpId === corpId);
  }

  list(): WecomUser[] {
    return [...this.users.values()];
  }

  clear(): void {
    this.users.clear();
  }
}
