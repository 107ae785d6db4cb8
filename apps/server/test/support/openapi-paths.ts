import fs from 'node:fs';
import type { Endpoint } from './mounted-routes';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

/**
 * The operations of an OpenAPI document in YAML, read from its `paths:` block by indentation:
 * paths at two spaces, methods at four (the layout Prettier keeps and `redocly lint` checks).
 * Enough for comparing the document with the server; it does not resolve `$ref` path items,
 * which this document does not use.
 */
export function documentedEndpoints(specPath: string): Endpoint[] {
  const lines = fs.readFileSync(specPath, 'utf8').split('\n');
  const endpoints: Endpoint[] = [];
  let inPaths = false;
  let path: string | undefined;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inPaths = line.startsWith('paths:');
      continue;
    }
    if (!inPaths) continue;
    const pathMatch = /^ {2}(\/\S*):\s*$/.exec(line);
    if (pathMatch) {
      path = pathMatch[1];
      continue;
    }
    const methodMatch = /^ {4}([a-z]+):\s*$/.exec(line);
    if (methodMatch && path && METHODS.has(methodMatch[1]!)) {
      endpoints.push({ method: methodMatch[1]!.toUpperCase(), path });
    }
  }
  return endpoints;
}
