import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { secretsFileOf, withInstallationSecrets } from './installation-secrets';

describe('the installation’s own secrets', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-secrets-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const dataDirIn = (dir: string) => path.join(dir, 'pglite');
  const load = (dir: string, env: Record<string, string> = {}) =>
    withInstallationSecrets(loadConfig({ PGLITE_DATA_DIR: dataDirIn(dir), ...env }));

  it('are generated at the first start, beside the data, readable by this user only', () => {
    const config = load(root);
    const file = path.join(root, 'secrets.json');
    expect(config.secretsFile).toBe(file);
    expect(secretsFileOf(dataDirIn(root))).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(stored.JWT_SECRET).toBe(config.jwtSecret);
    expect(Buffer.from(stored.DATA_KEY, 'base64').equals(config.dataKey)).toBe(true);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.dataKey).toHaveLength(32);
  });

  it('are reused by every later start (and by the CLI, which loads settings the same way)', () => {
    const first = load(root);
    const again = load(root);
    expect(again.jwtSecret).toBe(first.jwtSecret);
    expect(again.dataKey.equals(first.dataKey)).toBe(true);
  });

  it('differ between two installations', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-secrets-'));
    try {
      const a = load(root);
      const b = load(other);
      expect(b.jwtSecret).not.toBe(a.jwtSecret);
      expect(b.dataKey.equals(a.dataKey)).toBe(false);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('give way to what the environment sets, and are not written when both are set', () => {
    const jwtSecret = 'an-operator-chosen-jwt-secret-of-32-characters';
    const partly = load(root, { JWT_SECRET: jwtSecret });
    expect(partly.jwtSecret).toBe(jwtSecret);
    expect(partly.generatedSecrets).toEqual(['DATA_KEY']);

    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-bind-secrets-'));
    try {
      const full = load(elsewhere, {
        JWT_SECRET: jwtSecret,
        DATA_KEY: Buffer.from('k'.repeat(31) + 'K').toString('base64'),
      });
      expect(full.secretsFile).toBeUndefined();
      expect(fs.existsSync(path.join(elsewhere, 'secrets.json'))).toBe(false);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('tighten a copy left readable by others', () => {
    load(root);
    const file = path.join(root, 'secrets.json');
    fs.chmodSync(file, 0o644);
    load(root);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('name the file when it is damaged, rather than replace it (DATA_KEY seals data)', () => {
    fs.writeFileSync(path.join(root, 'secrets.json'), '{"JWT_SECRET":"short"}', { mode: 0o600 });
    expect(() => load(root)).toThrow(ConfigError);
    expect(() => load(root)).toThrow(/secrets\.json must hold JWT_SECRET/);
  });
});
