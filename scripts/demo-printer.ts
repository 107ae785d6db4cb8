/**
 * How the demo shows what it does: a heading per flow, one line of explanation per step, the
 * request (method, path, the headers that matter, the body) and the reply (status, time, body).
 * Long values (encrypted data, tokens) are shortened so a reply fits on a screen.
 */

const LONG_VALUE = 64;

export interface Printer {
  section(title: string): void;
  explain(text: string): void;
  request(method: string, target: string, headers: Record<string, string>, body?: string): void;
  reply(status: number, elapsedMs: number, body: string, verdict: 'ok' | 'unexpected'): void;
  summary(lines: string[], ok: boolean): void;
}

/** `abcdef…(120 chars)`: enough to recognise a value, short enough to read the rest. */
export function shorten(value: string, max = LONG_VALUE): string {
  return value.length <= max ? value : `${value.slice(0, 40)}…(${value.length} chars)`;
}

/** Pretty JSON with every long string shortened; anything that is not JSON is shown as is. */
export function formatBody(text: string): string {
  if (text === '') return '(no body)';
  try {
    return JSON.stringify(
      JSON.parse(text),
      (_key, value: unknown) => (typeof value === 'string' ? shorten(value) : value),
      2,
    );
  } catch {
    return shorten(text, 400);
  }
}

/** Breaks prose into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

const indent = (text: string, by = '    ') =>
  text
    .split('\n')
    .map((line) => by + line)
    .join('\n');

export function createPrinter({
  color,
  write = (text) => process.stdout.write(text),
}: {
  color: boolean;
  write?: (text: string) => void;
}): Printer {
  const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bold = paint('1');
  const dim = paint('2');
  const green = paint('32');
  const red = paint('31');
  const cyan = paint('36');
  const line = (text = '') => write(`${text}\n`);

  return {
    section(title) {
      line();
      line(bold(`━━ ${title} ━━`));
    },
    explain(text) {
      line();
      for (const part of wrap(text)) line(`  ${part}`);
    },
    request(method, target, headers, body) {
      line(cyan(`  → ${method} ${target}`));
      for (const [name, value] of Object.entries(headers)) line(dim(`    ${name}: ${value}`));
      if (body !== undefined) line(dim(indent(formatBody(body))));
    },
    reply(status, elapsedMs, body, verdict) {
      const mark = verdict === 'ok' ? green('✓') : red('✗ unexpected status');
      line(`  ← ${bold(String(status))} ${dim(`(${elapsedMs} ms)`)} ${mark}`);
      line(indent(formatBody(body)));
    },
    summary(lines, ok) {
      line();
      line(bold(ok ? green('━━ done ━━') : red('━━ done, with surprises ━━')));
      for (const text of lines) line(`  ${text}`);
    },
  };
}
