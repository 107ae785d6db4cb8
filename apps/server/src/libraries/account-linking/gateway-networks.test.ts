import { ConfigError } from '../../config';
import { startupWarnings } from '../../runtime/startup-warnings';
import { testConfig } from '../../../test/support/test-context';
import { createGatewayNetworks } from './gateway-networks';

describe('createGatewayNetworks (ACCOUNT_WX_TRUSTED_PROXIES)', () => {
  it('matches nobody when no network is configured', () => {
    const trusted = createGatewayNetworks([]);
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', undefined, '']) {
      expect(trusted(address)).toBe(false);
    }
  });

  it('matches peers inside the configured ranges, IPv4-mapped IPv6 peers included', () => {
    const trusted = createGatewayNetworks(['10.20.0.0/16', '192.0.2.7', 'fd00::/8']);
    expect(trusted('10.20.3.4')).toBe(true);
    expect(trusted('::ffff:10.20.3.4')).toBe(true);
    expect(trusted('192.0.2.7')).toBe(true);
    expect(trusted('fd12::1')).toBe(true);
    expect(trusted('10.21.0.1')).toBe(false);
    expect(trusted('192.0.2.8')).toBe(false);
    expect(trusted('127.0.0.1')).toBe(false);
    expect(trusted('not an address')).toBe(false);
    expect(trusted(undefined)).toBe(false);
  });
});

describe('ACCOUNT_WX_TRUSTED_PROXIES, the setting', () => {
  it('is off by default, and then says nothing at start', () => {
    const config = testConfig();
    expect(config.accountWxTrustedProxies).toEqual([]);
    expect(startupWarnings(config).join('\n')).not.toContain('ACCOUNT_WX_TRUSTED_PROXIES');
  });

  it('when on, is announced at every start with the networks it trusts', () => {
    const config = testConfig({ ACCOUNT_WX_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1' });
    expect(config.accountWxTrustedProxies).toEqual(['10.0.0.0/8', '192.0.2.1']);
    const warning = startupWarnings(config).find((line) =>
      line.startsWith('ACCOUNT_WX_TRUSTED_PROXIES is on'),
    );
    expect(warning).toContain('10.0.0.0/8, 192.0.2.1');
  });

  it('refuses what is not an address or a range, at start', () => {
    for (const value of ['10.0.0.0/33', 'gateway.internal', '10.0.0.0/8/1']) {
      expect(() => testConfig({ ACCOUNT_WX_TRUSTED_PROXIES: value })).toThrow(ConfigError);
    }
  });
});
