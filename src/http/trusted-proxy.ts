import { BlockList, isIP } from 'node:net';

/** The names proxy-addr (Fastify's `trustProxy`) accepts besides addresses and CIDRs. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const compiled = new WeakMap<readonly string[], (address: string | undefined) => boolean>();

/**
 * Whether the direct peer of a connection (the socket's remote address, never X-Forwarded-For) is one of the
 * KEYWARD_TRUST_PROXY addresses. Accepts what Fastify's `trustProxy` accepts for the same setting: addresses, CIDRs
 * and the names loopback, linklocal, uniquelocal. IPv4-mapped IPv6 addresses match their IPv4 entries.
 */
export function isTrustedProxy(trustProxy: readonly string[], address: string | undefined): boolean {
  let check = compiled.get(trustProxy);
  if (check === undefined) {
    check = compileTrustedProxies(trustProxy);
    compiled.set(trustProxy, check);
  }
  return check(address);
}

export function compileTrustedProxies(trustProxy: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of trustProxy.flatMap((e) => NAMED_RANGES[e] ?? [e])) {
    const [ip = '', prefix] = entry.split('/');
    const family = isIP(ip);
    if (family === 0) throw new TypeError(`KEYWARD_TRUST_PROXY: "${entry}" is not an IP address, CIDR or one of ${Object.keys(NAMED_RANGES).join(', ')}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(ip, type);
    } else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new TypeError(`KEYWARD_TRUST_PROXY: "${entry}" has a bad prefix length`);
      list.addSubnet(ip, bits, type);
    }
  }
  return (address) => {
    if (address === undefined) return false;
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
