import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { createLogger } from './logger';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('createLogger', () => {
  it('redacts secrets at any of the first three levels', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        token: 'tok-1',
        session_key: 'sk-2',
        req: { headers: { authorization: 'Caa abc-3', 'user-agent': 'jest' } },
        body: { verify_code: '123456', password: 'hunter2-4', mobile: '13800000000' },
        upstream: { appSecret: 'app-secret-5' },
        smsTencent: { secretId: 'AKIDvisible', secretKey: 'tc-key-6' },
        smsAliyun: { accessKeySecret: 'ali-secret-7' },
      },
      'hello',
    );
    const output = lines.join('');
    for (const secret of [
      'tok-1',
      'sk-2',
      'Caa abc-3',
      '123456',
      'hunter2-4',
      'app-secret-5',
      'tc-key-6',
      'ali-secret-7',
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[redacted]');
    expect(output).toContain('13800000000');
    expect(output).toContain('jest');
  });
});

describe('standard output', () => {
  // A child process logs to its real stdout, which is batched: what matters is that a lone line
  // is not held back waiting for the batch to fill, and that nothing is lost at exit.
  function runLogging(script: string): Promise<{ output: string; firstLineAfterMs: number }> {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--eval', script],
      { cwd: __dirname, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    let firstLineAfterMs = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstLineAfterMs < 0) firstLineAfterMs = Date.now() - started;
      output += chunk.toString();
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', () => resolve({ output, firstLineAfterMs }));
    });
  }

  it('writes a single line soon, while the process goes on running', async () => {
    const { output, firstLineAfterMs } = await runLogging(
      `const { createLogger } = require('./logger');
       createLogger({ level: 'info' }).info('alone');
       setTimeout(() => {}, 3000);`,
    );
    expect(output).toContain('"msg":"alone"');
    // Written by the flush timer, long before the process ends at 3 s.
    expect(firstLineAfterMs).toBeLessThan(2500);
  });

  it('writes every line logged just before the process exits', async () => {
    const { output } = await runLogging(
      `const { createLogger } = require('./logger');
       const logger = createLogger({ level: 'info' });
       for (let i = 0; i < 1000; i++) logger.info({ i }, 'line');
       process.exit(0);`,
    );
    expect(output.trim().split('\n')).toHaveLength(1000);
  });

  it('writes lines of any script whole, across the batches they are written in', async () => {
    const { output } = await runLogging(
      `const { createLogger } = require('./logger');
       const logger = createLogger({ level: 'info' });
       for (let i = 0; i < 2000; i++) logger.info({ i, nickname: '微信用户' + i }, '绑定');
       setTimeout(() => {}, 300);`,
    );
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map(({ i }) => i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(lines[1999]).toMatchObject({ nickname: '微信用户1999', msg: '绑定' });
  });

  it('stops logging, and goes on running, when the reader of its output goes away', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        '--eval',
        `const { createLogger } = require('./logger');
         const logger = createLogger({ level: 'info' });
         let rounds = 0;
         const timer = setInterval(() => {
           for (let i = 0; i < 200; i++) logger.info({ i }, 'x'.repeat(200));
           if (++rounds === 40) { clearInterval(timer); process.stderr.write('still running'); }
         }, 25);`,
      ],
      { cwd: __dirname, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The first batch arrives, then the reader closes its end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    // A child that hangs fails the test instead of holding the run.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(deadline);
    expect(stderr).toBe('still running');
    expect(code).toBe(0);
  }, 15_000);
});
