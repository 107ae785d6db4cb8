import { isAccountsEnvelope, isAdministratorEnvelope } from '@wechat-bind/dto';
import type request from 'supertest';
import { dialectForPath } from '../../src/dialects/registry';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `body` is a reply of the dialect `path` belongs to, consistent with `status`. */
function inEnvelope(path: string, status: number, body: unknown): boolean {
  switch (dialectForPath(path).name) {
    case 'accounts':
      return isAccountsEnvelope(body) && body.status.code === status;
    case 'administrator':
      return isAdministratorEnvelope(body) && body.code === status;
    case 'my':
      return status < 300
        ? isRecord(body) && isRecord(body.user)
        : isRecord(body) &&
            typeof body.message === 'string' &&
            Object.keys(body).every((key) => key === 'message' || key === 'errors');
    case 'account':
      if (status === 204)
        return (
          body === '' || body === undefined || (isRecord(body) && Object.keys(body).length === 0)
        );
      return status < 300
        ? isRecord(body) && typeof (body.unionId ?? body.email) === 'string'
        : isRecord(body) &&
            typeof body.message === 'string' &&
            Object.keys(body).every((key) => key === 'message' || key === 'error');
    case 'plain':
      return (
        isRecord(body) &&
        isRecord(body.error) &&
        typeof body.error.code === 'string' &&
        typeof body.error.message === 'string'
      );
    default:
      return false;
  }
}

/**
 * What every reply must be, however bad the request: never a 5xx, JSON in the dialect's envelope
 * with the status it carries.
 * Throws with the details when it is not, so fast-check can report (and shrink) the input.
 */
export function expectDialectReply(path: string, response: request.Response): void {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`status ${response.status}`);
  // Successes outside the four contracts are text (metrics, the spec, the docs page).
  const plainSuccess = dialectForPath(path).name === 'plain' && response.status < 300;
  if (!plainSuccess) {
    if (
      response.status !== 204 &&
      !/^application\/json/.test(response.headers['content-type'] ?? '')
    ) {
      problems.push(`content-type ${response.headers['content-type']}`);
    }
    if (
      !inEnvelope(path, response.status, response.status === 204 ? response.text : response.body)
    ) {
      problems.push('not in the envelope of its dialect');
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${path} answered ${response.status} ${response.text.slice(0, 300)}: ${problems.join(', ')}`,
    );
  }
}
