import type { AccessEntry } from './access-line';
import { accessLineWriter } from './access-line';
import { createLogger } from './logger';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    destination: { write: (line: string) => lines.push(line) },
  });
  return { logger, lines };
}

const entries: Array<[string, 'info' | 'error', AccessEntry]> = [
  [
    'a matched route',
    'info',
    {
      reqId: 'a3c1e2f0-1234-4abc-9def-0123456789ab',
      method: 'GET',
      route: '/accounts/me',
      status: 200,
      durationMs: 1.23,
      ip: '127.0.0.1',
    },
  ],
  [
    'a path no route took, with characters that need escaping',
    'info',
    {
      reqId: 'req-1',
      method: 'GET',
      path: '/nowhere/"quoted"\\back\u0001/微信',
      status: 404,
      durationMs: 0.5,
      ip: '::ffff:10.0.0.1',
    },
  ],
  [
    'a failure',
    'error',
    { reqId: 'r', method: 'POST', route: '/api/x', status: 500, durationMs: 12, ip: '' },
  ],
];

describe('the request line', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(entries)('is the line pino writes for the same entry: %s', (_name, level, entry) => {
    jest.spyOn(Date, 'now').mockReturnValue(1_796_000_000_123);
    const written = capture();
    accessLineWriter(written.logger)(level, entry);
    const reference = capture();
    reference.logger[level](entry, 'request');
    expect(written.lines).toEqual(reference.lines);
    expect(JSON.parse(written.lines[0]!)).toMatchObject({ ...entry, service: 'wechat-bind' });
  });

  it("carries the logger's own bindings, as pino's children do", () => {
    const { logger, lines } = capture();
    accessLineWriter(logger.child({ worker: 2 }))('info', entries[0]![2]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'wechat-bind', worker: 2 });
  });

  it('writes nothing below the logger’s level', () => {
    const { logger, lines } = capture('error');
    const write = accessLineWriter(logger);
    write('info', entries[0]![2]);
    expect(lines).toEqual([]);
    write('error', entries[2]![2]);
    expect(lines).toHaveLength(1);
  });
});
