import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * The first line of a stream, without its line ending: what `printf %s "$SECRET" |`, `echo`,
 * `< file` and a paste at the terminal all give. Stops reading at the first newline, so a
 * terminal does not wait for Ctrl-D; answers '' for an empty stream.
 */
export function readFirstLine(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    const answer = (line: string) => {
      if (answered) return;
      answered = true;
      lines.close();
      resolve(line);
    };
    lines.once('line', answer);
    lines.once('close', () => answer(''));
    input.once('error', reject);
  });
}
