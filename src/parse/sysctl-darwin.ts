/**
 * Parses BSD `sysctl name...` output (`net.inet.ip.portrange.first: 49152`, one per line) into
 * integer values by name. Lines that are not `name: integer` are left out.
 */
export function parseSysctlDarwin(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([\w.]+):\s*(-?\d+)\s*$/.exec(line);
    if (m) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

/** Limits a BSD kernel reports: the ephemeral range and TIME_WAIT (2 x MSL; MSL is in ms). */
export function darwinLimits(values: Map<string, number>): { range?: [number, number]; timeWaitSeconds?: number } {
  const out: { range?: [number, number]; timeWaitSeconds?: number } = {};
  const first = values.get('net.inet.ip.portrange.first');
  const last = values.get('net.inet.ip.portrange.last');
  if (first !== undefined && last !== undefined && first >= 1 && first <= last && last <= 65535) out.range = [first, last];
  const msl = values.get('net.inet.tcp.msl');
  if (msl !== undefined && msl > 0) out.timeWaitSeconds = (2 * msl) / 1000;
  return out;
}
