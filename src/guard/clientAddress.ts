import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Which peer addresses are our own reverse proxies. Their `X-Forwarded-For` is believed; anyone
 * else's is ignored, since a client can write any address it likes into that header.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  /** `entries`: addresses or CIDR ranges, IPv4 or IPv6 ("127.0.0.1", "10.0.0.0/8", "::1"). */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const family = isIP(address ?? '');
      if (!family) throw new Error(`not an IP address or CIDR range: ${entry}`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address!, type);
      else this.list.addSubnet(address!, Number(bits), type);
    }
    this.empty = entries.length === 0;
  }

  /** Parses TRUST_PROXY: a comma- or space-separated list; throws naming the bad entry. */
  static parse(value: string): TrustedProxies {
    const entries = value.split(/[\s,]+/).filter(Boolean);
    for (const entry of entries) {
      const [address, bits, extra] = entry.split('/');
      const family = isIP(address ?? '');
      const max = family === 6 ? 128 : 32;
      if (!family || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) {
        throw new Error(`not an IP address or CIDR range: ${entry}`);
      }
    }
    return new TrustedProxies(entries);
  }

  has(address: string): boolean {
    const plain = unmapped(address);
    const family = isIP(plain);
    if (!family) return false;
    return this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The address of the client a request comes from: the socket's peer, or, while that peer is
   * a trusted proxy, the address that proxy says it forwarded for (read right to left, so a
   * client cannot smuggle an address in front of the one our proxy appended).
   */
  clientOf(req: IncomingMessage): string {
    let address = unmapped(req.socket.remoteAddress ?? '');
    if (this.empty || !this.has(address)) return address;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = unmapped(stripPort(hops[i]!));
      if (!isIP(hop)) return address;
      address = hop;
      if (!this.has(hop)) return hop;
    }
    return address;
  }
}

/** "::ffff:10.0.0.1" (IPv4 on a dual-stack socket) is the IPv4 address. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Proxies sometimes append the port ("203.0.113.9:5123", "[2001:db8::1]:443"). */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}

export const isLoopbackAddress = (address: string | undefined): boolean => !!address && /^(127\.|::1$|::ffff:127\.)/.test(address);
