import { AddressNames } from './address-names.js';
import { hexValue } from './hex.js';

/**
 * Addresses as /proc/net/tcp and tcp6 print them (8 or 32 hex digits, each 32-bit word in host
 * order) to their text, through one cache of recent addresses: a few local IPs and a few
 * backends repeat a great deal.
 */
export class ProcNetAddresses {
  private readonly names = new AddressNames();
  private readonly words = new Uint32Array(4);

  /** The IPv4 address of the 8 hex digits at buf[s]; undefined when one is no hex digit. */
  v4(buf: Buffer, s: number): string | undefined {
    const v = hexValue(buf, s, s + 8);
    return v < 0 ? undefined : this.names.v4(v);
  }

  /** The IPv6 address of the 32 hex digits at buf[s]; undefined when one is no hex digit. */
  v6(buf: Buffer, s: number): string | undefined {
    const w = this.words;
    for (let i = 0; i < 4; i++) {
      const v = hexValue(buf, s + i * 8, s + i * 8 + 8);
      if (v < 0) return undefined;
      w[i] = v;
    }
    return this.names.v6(w);
  }
}
