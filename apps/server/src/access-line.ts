import pino from 'pino';
import type { Logger } from './logger';

/** What the request line says of one request. */
export interface AccessEntry {
  reqId: string;
  method: string;
  /** The matched route pattern, or the path of a request no route took (never both). */
  route?: string;
  path?: string;
  status: number;
  durationMs: number;
  ip: string;
}

type LevelName = 'info' | 'error';

/**
 * Writes the request line, the one line every request adds, to the logger's own destination in
 * the form pino gives a line: level, time, the logger's bindings, the fields, `msg`. Through pino
 * the line cost about 7 µs of CPU under load, most of it lookups of the logger's settings by
 * symbol through its chain of children (megamorphic once handlers make children of their own);
 * written here it is one template. The fields are the middleware's own, never a secret, so there
 * is nothing to redact; strings are JSON-escaped. A test checks the line against pino's for the
 * same entry, so a change to the logger's settings cannot make the two drift apart unnoticed.
 */
export function accessLineWriter(logger: Logger): (level: LevelName, entry: AccessEntry) => void {
  const internals = logger as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): void };
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const levels = logger.levels.values;
  return (level, { reqId, method, route, path, status, durationMs, ip }) => {
    if (!logger.isLevelEnabled(level)) return;
    const where =
      (route === undefined ? '' : `,"route":${JSON.stringify(route)}`) +
      (path === undefined ? '' : `,"path":${JSON.stringify(path)}`);
    stream.write(
      `{"level":${levels[level]},"time":${Date.now()}${bindings},"reqId":${JSON.stringify(reqId)}` +
        `,"method":${JSON.stringify(method)}${where},"status":${status},"durationMs":${durationMs}` +
        `,"ip":${JSON.stringify(ip)},"msg":"request"}\n`,
    );
  };
}
