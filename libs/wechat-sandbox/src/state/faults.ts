import type { Fault, FaultInput, FaultReply } from '../control/types';
import type { Endpoint } from '../endpoints';

export interface TriggeredFault {
  reply: FaultReply;
  delayMs: number;
}

/**
 * Faults queued per endpoint. Each call to an endpoint consumes one use of the oldest fault queued
 * for it, so "the next 2 calls answer -1, the one after that is slow" can be set up in order.
 */
export class Faults {
  private queue: Fault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    const fault = { ...input, id: String(this.nextId++), remaining: input.times ?? 1 } as Fault;
    this.queue.push(fault);
    return fault;
  }

  /** The fault for this call, if any; consumes one use of it. */
  take(endpoint: Endpoint): TriggeredFault | undefined {
    const fault = this.queue.find((f) => f.endpoint === endpoint);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue = this.queue.filter((f) => f !== fault);
    return { reply: replyOf(fault), delayMs: fault.delayMs ?? 0 };
  }

  list(): Fault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** Clears the faults of one endpoint, or all. */
  clear(endpoint?: Endpoint): void {
    this.queue = endpoint ? this.queue.filter((f) => f.endpoint !== endpoint) : [];
  }
}

function replyOf(fault: Fault): FaultReply {
  switch (fault.kind) {
    case 'errcode':
      return { kind: 'errcode', errcode: fault.errcode, errmsg: fault.errmsg };
    case 'dingtalk-error':
      return {
        kind: 'dingtalk-error',
        status: fault.status,
        code: fault.code,
        message: fault.message,
      };
    case 'http-status':
      return { kind: 'http-status', status: fault.status, body: fault.body };
    case 'sms-error':
      return { kind: 'sms-error', code: fault.code, message: fault.message, status: fault.status };
    case 'garbage':
    case 'delay':
      return { kind: fault.kind };
  }
}
