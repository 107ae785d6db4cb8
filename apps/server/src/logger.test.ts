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
