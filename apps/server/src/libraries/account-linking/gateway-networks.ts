import net from 'node:net';
import { addToBlockList } from '../../metrics/ip-ranges';

/**
 * Whether a connection comes from a network whose gateway has already authenticated the WeChat
 * user (ACCOUNT_WX_TRUSTED_PROXIES), so its `X-Union-Id` may be believed without a client key, as
 * the original `/account/wx` server believed its own network.
 *
 * Only the socket's peer address is asked, never X-Forwarded-For: a client can write that header
 * itself, so trusting it would let anyone claim to be the gateway. With no networks configured
 * nothing matches.
 */
export type GatewayNetworks = (peerAddress: string | undefined) => boolean;

export function createGatewayNetworks(cidrs: readonly string[]): GatewayNetworks {
  if (cidrs.length === 0) return () => false;
  const list = new net.BlockList();
  for (const cidr of cidrs) addToBlockList(list, cidr);
  return (peerAddress) => {
    const family = peerAddress ? net.isIP(peerAddress) : 0;
    // BlockList also matches IPv4-mapped IPv6 peers (::ffff:10.0.0.1) against IPv4 ranges.
    return family !== 0 && list.check(peerAddress!, family === 4 ? 'ipv4' : 'ipv6');
  };
}
