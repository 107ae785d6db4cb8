/**
 * The four API contracts each have their own error envelope. Which one applies is decided by the
 * path prefix alone, so that even requests no route matched (404, 405, bad JSON, 413) answer in
 * the shape their client expects.
 */
export type Dialect = 'my' | 'administrator' | 'account' | 'accounts' | 'plain';

const prefixes: Array<[prefix: string, dialect: Dialect]> = [
  ['/api/my', 'my'],
  ['/api/administrator', 'administrator'],
  ['/accounts', 'accounts'],
  ['/account', 'account'],
];

export function dialectForPath(path: string): Dialect {
  for (const [prefix, dialect] of prefixes) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return dialect;
  }
  return 'plain';
}
