import { PassThrough, Readable } from 'node:stream';
import { readFirstLine } from './read-line';

describe('readFirstLine', () => {
  it('answers the first line as soon as it ends, without waiting for the end of input', async () => {
    const terminal = new PassThrough();
    const line = readFirstLine(terminal);
    terminal.write('s3cret-typed\n');
    await expect(line).resolves.toBe('s3cret-typed');
    terminal.destroy();
  });

  it.each([
    ['printf %s', ['abc'], 'abc'],
    ['echo', ['abc\n'], 'abc'],
    ['a Windows file', ['abc\r\n', 'second\r\n'], 'abc'],
    ['chunks', ['a', 'b', 'c\nd'], 'abc'],
    ['nothing', [], ''],
  ])('reads what %s gives', async (_name, chunks, expected) => {
    await expect(readFirstLine(Readable.from(chunks))).resolves.toBe(expected);
  });
});
