import { isEphemeral } from '../parse/sysctl.js';

/**
 * Which local ports automatic assignment can hand out (the ephemeral range less the reserved
 * ports), and how many of them some socket holds, all destinations together.
 */
export class HostPorts {
  /** one byte per port: 1 where automatic assignment can hand it out; undefined without a range */
  private readonly ephemeral: Uint8Array | undefined;
  /** one byte per port: held by some socket, listeners too (a port may serve many destinations) */
  private readonly held = new Uint8Array(65536);
  private heldCount = 0;

  constructor(range: [number, number] | undefined, reserved: Array<[number, number]>) {
    if (range) {
      const table = new Uint8Array(65536);
      for (let p = Math.max(0, range[0]); p <= Math.min(65535, range[1]); p++) table[p] = isEphemeral(p, range, reserved) ? 1 : 0;
      this.ephemeral = table;
    }
  }

  /**
   * Whether automatic assignment can hand out `port` (any port when the range is unknown). A port
   * bound by a listener, or held by any socket, is skipped by autobind for every destination: the
   * first socket seen on it counts it as held.
   */
  see(port: number): boolean {
    const table = this.ephemeral;
    if (!table) return true;
    if (table[port] !== 1) return false;
    if (this.held[port] === 0) {
      this.held[port] = 1;
      this.heldCount++;
    }
    return true;
  }

  /** Distinct ephemeral local ports held; undefined without a port range. */
  get inUse(): number | undefined {
    return this.ephemeral ? this.heldCount : undefined;
  }
}
