import { isEndpoint, isSmsEndpoint, isWechatEndpoint } from '../endpoints';
import type { FaultInput, FaultReply } from './types';
import { bad, optionalNumber, optionalString, requiredString } from './validate';

/**
 * Checks a fault before it is queued, so a typo fails the test that made it rather than
 * silently never firing: the endpoint must exist and the reply must fit its provider.
 */
export function parseFault(body: Record<string, unknown>): FaultInput {
  const endpoint = requiredString(body, 'endpoint');
  if (!isEndpoint(endpoint)) return bad(`endpoint ${endpoint} is not a sandbox endpoint`);
  const times = optionalNumber(body, 'times');
  if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
    return bad('times must be a whole number of calls, at least 1');
  }
  const delayMs = optionalNumber(body, 'delayMs');
  if (delayMs !== undefined && delayMs < 0) return bad('delayMs must not be negative');

  const reply = parseReply(body);
  const wechat = isWechatEndpoint(endpoint);
  const sms = isSmsEndpoint(endpoint);
  if (reply.kind === 'errcode' && !wechat) return bad('errcode faults are for WeChat endpoints');
  if (reply.kind === 'dingtalk-error' && (wechat || sms)) {
    return bad('dingtalk-error faults are for DingTalk endpoints');
  }
  if (reply.kind === 'sms-error' && !sms) return bad('sms-error faults are for SMS endpoints');
  if (reply.kind === 'delay' && !delayMs) return bad('a delay fault needs delayMs');
  return { ...reply, endpoint, times, delayMs };
}

function parseReply(body: Record<string, unknown>): FaultReply {
  const kind = requiredString(body, 'kind');
  switch (kind) {
    case 'errcode': {
      const errcode = optionalNumber(body, 'errcode');
      if (errcode === undefined || !Number.isInteger(errcode) || errcode === 0) {
        return bad('errcode must be a non-zero whole number');
      }
      return { kind, errcode, errmsg: optionalString(body, 'errmsg') };
    }
    case 'dingtalk-error':
      return {
        kind,
        status: errorStatus(optionalNumber(body, 'status')),
        code: requiredString(body, 'code'),
        message: optionalString(body, 'message'),
      };
    case 'http-status': {
      const status = errorStatus(optionalNumber(body, 'status'));
      if (status === undefined) return bad('status is required');
      return { kind, status, body: optionalString(body, 'body') };
    }
    case 'sms-error': {
      const status = optionalNumber(body, 'status');
      if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
        return bad('status must be an HTTP status (200-599)');
      }
      return {
        kind,
        code: requiredString(body, 'code'),
        message: optionalString(body, 'message'),
        status,
      };
    }
    case 'garbage':
    case 'delay':
      return { kind };
    default:
      return bad('kind must be errcode, dingtalk-error, sms-error, http-status, garbage or delay');
  }
}

function errorStatus(status: number | undefined): number | undefined {
  if (status === undefined || (Number.isInteger(status) && status >= 400 && status <= 599)) {
    return status;
  }
  return bad('status must be an HTTP error status (400-599)');
}
