import type { Context } from 'koa';
import { jsonObjectBody } from '../http/params';
import { SandboxInputError } from '../state/input-error';

// Small checks for control-API bodies. A wrong body is a test's mistake, so the messages name
// the field and what was expected, and the status is 400.

export function controlBody(ctx: Context): Record<string, unknown> {
  return jsonObjectBody(ctx) ?? bad('the body must be a JSON object');
}

export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' && value !== ''
    ? value
    : bad(`${name} must be a non-empty string`);
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  return body[name] === undefined ? undefined : requiredString(body, name);
}

export function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || typeof value === 'boolean') return value;
  return bad(`${name} must be true or false`);
}

export function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) return value;
  return bad(`${name} must be a number`);
}

export function optionalStringRecord(
  body: Record<string, unknown>,
  name: string,
): Record<string, string> | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' && v !== '');
  return ok
    ? (value as Record<string, string>)
    : bad(`${name} must map strings to non-empty strings`);
}

export function optionalObject(
  body: Record<string, unknown>,
  name: string,
): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  return bad(`${name} must be an object`);
}

export function bad(message: string): never {
  throw new SandboxInputError(400, message);
}
