import { loadConfig } from '../config';
import { createMetricsAccess } from './metrics-access';

describe('createMetricsAccess', () => {
  const bearer = (token: string) => `Bearer ${token}`;
  const TOKEN = 'metrics-token-0123456789';

  it('lets only loopback in when nothing is configured outside production', () => {
    const access = createMetricsAccess({ allowIps: [], production: false });
    expect(access({ ip: '127.0.0.1', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '::ffff:127.0.0.1', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '::1', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '10.1.2.3', authorization: undefined })).toBe('forbidden');
    expect(access({ ip: '', authorization: undefined })).toBe('forbidden');
  });

  it('is switched off in production unless configured', () => {
    const access = createMetricsAccess({ allowIps: [], production: true });
    expect(access({ ip: '127.0.0.1', authorization: undefined })).toBe('disabled');
    expect(access({ ip: '127.0.0.1', authorization: bearer(TOKEN) })).toBe('disabled');
  });

  it('with a token, needs that token (any case of the scheme), from any address', () => {
    const access = createMetricsAccess({ token: TOKEN, allowIps: [], production: true });
    expect(access({ ip: '203.0.113.9', authorization: bearer(TOKEN) })).toBe('allowed');
    expect(access({ ip: '203.0.113.9', authorization: `bearer ${TOKEN}` })).toBe('allowed');
    expect(access({ ip: '127.0.0.1', authorization: undefined })).toBe('unauthorized');
    expect(access({ ip: '127.0.0.1', authorization: bearer(`${TOKEN}x`) })).toBe('unauthorized');
    expect(access({ ip: '127.0.0.1', authorization: bearer(TOKEN.slice(0, -1)) })).toBe(
      'unauthorized',
    );
    expect(access({ ip: '127.0.0.1', authorization: `Basic ${TOKEN}` })).toBe('unauthorized');
  });

  it('with addresses, lets those addresses and ranges in', () => {
    const access = createMetricsAccess({
      allowIps: ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'],
      production: true,
    });
    expect(access({ ip: '10.200.3.4', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '::ffff:10.200.3.4', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '192.0.2.7', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '2001:db8::1', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '192.0.2.8', authorization: undefined })).toBe('forbidden');
    // Configured addresses replace the loopback default.
    expect(access({ ip: '127.0.0.1', authorization: undefined })).toBe('forbidden');
  });

  it('with both, either one is enough', () => {
    const access = createMetricsAccess({
      token: TOKEN,
      allowIps: ['10.0.0.0/8'],
      production: true,
    });
    expect(access({ ip: '10.0.0.1', authorization: undefined })).toBe('allowed');
    expect(access({ ip: '198.51.100.1', authorization: bearer(TOKEN) })).toBe('allowed');
    expect(access({ ip: '198.51.100.1', authorization: undefined })).toBe('unauthorized');
  });

  it('refuses a malformed address list at start', () => {
    expect(() => createMetricsAccess({ allowIps: ['10.0.0.0/33'], production: true })).toThrow(
      /invalid prefix/,
    );
    expect(() => createMetricsAccess({ allowIps: ['example.com'], production: true })).toThrow(
      /not an IP address/,
    );
  });
});

describe('the metrics settings', () => {
  it('reads METRICS_TOKEN and METRICS_ALLOW_IPS, and names a bad one', () => {
    const config = loadConfig({
      METRICS_TOKEN: 'a-token-of-sixteen-or-more',
      METRICS_ALLOW_IPS: ' 10.0.0.0/8, ::1 ,',
    });
    expect(config.metricsToken).toBe('a-token-of-sixteen-or-more');
    expect(config.metricsAllowIps).toEqual(['10.0.0.0/8', '::1']);
    expect(loadConfig({}).metricsAllowIps).toEqual([]);
    expect(() => loadConfig({ METRICS_ALLOW_IPS: '10.0.0.0/8, intranet' })).toThrow(
      /METRICS_ALLOW_IPS: "intranet" is not an IP address/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
