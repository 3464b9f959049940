import { execa } from 'execa';

/**
 * A named network namespace (`ip netns add`) for one test file, with loopback up and these
 * sysctls set inside (`net.ipv4.tcp_max_tw_buckets=300` ...); remove() deletes it. Root only.
 * Names carry the test's pid so parallel runs never share one.
 */
export async function addNamedNetns(base: string, sysctls: readonly string[] = []): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `tcpwatch-${base}-${process.pid}`;
  await execa('ip', ['netns', 'add', name]);
  const inside = (cmd: string[]) => execa('ip', ['netns', 'exec', name, ...cmd]);
  await inside(['ip', 'link', 'set', 'lo', 'up']);
  if (sysctls.length > 0) await inside(['sysctl', '-qw', ...sysctls]);
  return { name, remove: async () => void (await execa('ip', ['netns', 'delete', name], { reject: false })) };
}

/** Per-state counts as `ss -tan` prints them inside the namespace, in tcpwatch's state names. */
export async function ssStates(name: string): Promise<Record<string, number>> {
  const r = await execa('ip', ['netns', 'exec', name, 'ss', '-tanH']);
  const names: Record<string, string> = {
    ESTAB: 'ESTABLISHED',
    'TIME-WAIT': 'TIME_WAIT',
    'CLOSE-WAIT': 'CLOSE_WAIT',
    'FIN-WAIT-1': 'FIN_WAIT1',
    'FIN-WAIT-2': 'FIN_WAIT2',
    'SYN-SENT': 'SYN_SENT',
    'SYN-RECV': 'SYN_RECV',
    'LAST-ACK': 'LAST_ACK',
    UNCONN: 'CLOSE',
  };
  const out: Record<string, number> = {};
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const st = line.split(/\s+/)[0] ?? '';
    const n = names[st] ?? st;
    out[n] = (out[n] ?? 0) + 1;
  }
  return out;
}

/** One sysctl's value inside the namespace, as text (`sysctl -n`). */
export async function sysctlIn(name: string, key: string): Promise<string> {
  return (await execa('ip', ['netns', 'exec', name, 'sysctl', '-n', key])).stdout.trim();
}
