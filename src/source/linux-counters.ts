import { parseSnmp } from '../parse/proc-snmp.js';
import { parseSockstat } from '../parse/proc-sockstat.js';
import type { Counters, Sockstat } from '../types.js';
import type { TextFiles } from './proc-files.js';

/** Every file readLinuxCounters reads, under the /proc tree. */
export const COUNTER_FILES: readonly string[] = ['net/sockstat', 'net/sockstat6', 'net/snmp', 'net/netstat'];

/** The O(1) kernel counters: sockstat(6), snmp Tcp:, netstat TcpExt:. */
export async function readLinuxCounters(proc: TextFiles, warnings: string[]): Promise<{ sockstat: Sockstat; counters: Counters }> {
  const [sockstat, sockstat6, snmp, netstat] = await Promise.all([
    proc.text('net/sockstat', warnings),
    proc.text('net/sockstat6', warnings, true), // absent when IPv6 is disabled
    proc.text('net/snmp', warnings),
    proc.text('net/netstat', warnings),
  ]);
  return {
    sockstat: parseSockstat(`${sockstat ?? ''}\n${sockstat6 ?? ''}`),
    counters: {
      Tcp: (snmp !== undefined ? parseSnmp(snmp).Tcp : undefined) ?? {},
      TcpExt: (netstat !== undefined ? parseSnmp(netstat).TcpExt : undefined) ?? {},
    },
  };
}
