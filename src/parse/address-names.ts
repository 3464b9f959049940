import { formatIPv6 } from '../addr.js';

/** Slots in each address-text cache: more than the distinct local addresses and busy peers of a host. */
const NAME_SLOTS = 4096;

/**
 * The text of recently seen addresses, found by their value: a bounded direct-mapped cache, so
 * a hit costs no allocation and a host with millions of distinct peers cannot make it grow.
 */
export class AddressNames {
  private readonly v4Keys = new Float64Array(NAME_SLOTS).fill(-1);
  private readonly v4Text = new Array<string>(NAME_SLOTS).fill('');
  private readonly v6Keys = new Uint32Array(NAME_SLOTS * 4);
  private readonly v6Text = new Array<string>(NAME_SLOTS).fill('');
  private readonly bytes = new Uint8Array(16);

  /** `v` is the u32 as /proc prints it: the network-order bytes read as a little-endian number. */
  v4(v: number): string {
    const slot = (Math.imul(v, 0x9e3779b1) >>> 20) & (NAME_SLOTS - 1);
    if (this.v4Keys[slot] === v) return this.v4Text[slot] as string;
    // the kernel prints the network-order u32 as a host-order number: bytes come out reversed
    const text = `${v & 0xff}.${(v >>> 8) & 0xff}.${(v >>> 16) & 0xff}.${v >>> 24}`;
    this.v4Keys[slot] = v;
    this.v4Text[slot] = text;
    return text;
  }

  /** `w` holds the four 32-bit words of an IPv6 address as /proc prints them (each read as little-endian). */
  v6(w: Uint32Array): string {
    const w0 = w[0] as number;
    const w1 = w[1] as number;
    const w2 = w[2] as number;
    const w3 = w[3] as number;
    const slot = (Math.imul(w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f), 0x9e3779b1) >>> 20) & (NAME_SLOTS - 1);
    const k = this.v6Keys;
    const i = slot * 4;
    if (k[i] === w0 && k[i + 1] === w1 && k[i + 2] === w2 && k[i + 3] === w3 && this.v6Text[slot] !== '') return this.v6Text[slot] as string;
    // each 32-bit word is host-endian, like the IPv4 case
    const b = this.bytes;
    for (let j = 0; j < 4; j++) {
      const v = w[j] as number;
      b[j * 4] = v & 0xff;
      b[j * 4 + 1] = (v >>> 8) & 0xff;
      b[j * 4 + 2] = (v >>> 16) & 0xff;
      b[j * 4 + 3] = v >>> 24;
    }
    const text = formatIPv6(b);
    k[i] = w0;
    k[i + 1] = w1;
    k[i + 2] = w2;
    k[i + 3] = w3;
    this.v6Text[slot] = text;
    return text;
  }
}
