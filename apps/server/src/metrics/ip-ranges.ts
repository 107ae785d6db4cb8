import net from 'node:net';

/**
 * Adds `10.0.0.0/8`, `2001:db8::/32` or one address to `list`. Throws on anything else, so a
 * setting naming addresses fails at start rather than letting nobody (or everybody) in.
 */
export function addToBlockList(list: net.BlockList, entry: string): void {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const family = net.isIP(address);
  if (family === 0 || extra !== undefined)
    throw new Error(`"${entry}" is not an IP address or CIDR range`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  const bits = Number(prefix);
  if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
    throw new Error(`"${entry}" has an invalid prefix length`);
  }
  list.addSubnet(address, bits, type);
}
