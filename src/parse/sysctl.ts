/** Parsers for the text of single /proc/sys files. Each returns undefined for text it cannot read. */

export function parseIntSysctl(text: string): number | undefined {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** ip_local_port_range: two numbers separated by white space (a tab in the kernel's output). */
export function parsePortRange(text: string): [number, number] | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (lo > hi || hi > 65535) return undefined;
  return [lo, hi];
}

/** ip_local_reserved_ports: `8080,9000-9010` (empty means none). */
export function parseReservedPorts(text: string): Array<[number, number]> | undefined {
  const t = text.trim();
  if (t === '') return [];
  const out: Array<[number, number]> = [];
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo > hi || hi > 65535) return undefined;
    out.push([lo, hi]);
  }
  return out;
}

/** Ports of [lo, hi] that automatic assignment may hand out: the range minus reserved ports. */
export function usableEphemeralPorts(range: [number, number], reserved: Array<[number, number]>): number {
  const [lo, hi] = range;
  // reserved ranges may overlap each other: merge before subtracting
  const sorted = reserved
    .map(([a, b]): [number, number] => [Math.max(a, lo), Math.min(b, hi)])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  let excluded = 0;
  let curA = -1;
  let curB = -2;
  for (const [a, b] of sorted) {
    if (a > curB + 1) {
      excluded += curB - curA + 1;
      curA = a;
      curB = b;
    } else {
      curB = Math.max(curB, b);
    }
  }
  excluded += curB - curA + 1;
  return hi - lo + 1 - excluded;
}

/** Whether automatic assignment can hand out `port` (inside the range, not reserved). */
export function isEphemeral(port: number, range: [number, number], reserved: Array<[number, number]>): boolean {
  if (port < range[0] || port > range[1]) return false;
  for (const [a, b] of reserved) if (port >= a && port <= b) return false;
  return true;
}
