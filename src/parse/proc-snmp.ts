/**
 * Parses /proc/net/snmp and /proc/net/netstat: pairs of lines, a header
 * (`Tcp: RtoAlgorithm RtoMin ...`) then values (`Tcp: 1 200 ...`). Returns every group by name,
 * every field by name. A group whose two lines disagree in length is left out rather than misread.
 */
export function parseSnmp(text: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = (lines[i] ?? '').trim().split(/\s+/);
    const vals = (lines[i + 1] ?? '').trim().split(/\s+/);
    const group = head[0];
    if (!group?.endsWith(':') || vals[0] !== group) continue;
    if (vals.length === head.length && head.slice(1).some((h) => !/^-?\d+$/.test(h))) {
      const fields: Record<string, number> = {};
      for (let k = 1; k < head.length; k++) {
        const v = Number(vals[k]);
        if (Number.isFinite(v)) fields[head[k] as string] = v;
      }
      out[group.slice(0, -1)] = fields;
      i++;
    }
  }
  return out;
}
