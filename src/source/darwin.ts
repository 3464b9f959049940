import { hostname } from 'node:os';
import { SourceError } from '../errors.js';
import { parseNetstatDarwin } from '../parse/netstat-darwin.js';
import { darwinLimits, parseSysctlDarwin } from '../parse/sysctl-darwin.js';
import { usableEphemeralPorts } from '../parse/sysctl.js';
import { parsedRows, sampleFromRows } from '../sample.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import type { Limits, Sample } from '../types.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, runCommand } from './run-command.js';

export type DarwinCommand = 'netstat' | 'sysctl';

export interface DarwinSourceOptions {
  /** the program to run for each command (default: its name, found on PATH); tests use stand-ins */
  commands?: Partial<Record<DarwinCommand, string>> | undefined;
  timeoutMs?: number | undefined;
  topDestinations?: number | undefined;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  now?: () => number;
}

const SYSCTLS = ['net.inet.ip.portrange.first', 'net.inet.ip.portrange.last', 'net.inet.tcp.msl'];

/**
 * One sample of a macOS / FreeBSD machine: `netstat -an -W -p tcp` (-W: whole IPv6 addresses, not
 * cut to the column) and the sysctls for the ephemeral range and MSL (TIME_WAIT = 2 x MSL).
 */
export function createDarwinSource(opts: DarwinSourceOptions = {}): () => Promise<Sample> {
  const cmd = (name: DarwinCommand) => opts.commands?.[name] ?? name;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  return async () => {
    const time = (opts.now ?? Date.now)();
    const warnings: string[] = [];
    const [netstat, sysctl] = await Promise.allSettled([runCommand(cmd('netstat'), ['-an', '-W', '-p', 'tcp'], timeoutMs), runCommand(cmd('sysctl'), SYSCTLS, timeoutMs)]);
    const limits: Limits = {};
    if (sysctl.status === 'fulfilled') {
      const { range, timeWaitSeconds } = darwinLimits(parseSysctlDarwin(Buffer.from(sysctl.value.stdout).toString('utf8')));
      if (range) {
        limits.ip_local_port_range = range;
        limits.ephemeral_ports = usableEphemeralPorts(range, []);
      } else warnings.push('sysctl gave no net.inet.ip.portrange.first/last: ephemeral range unknown');
      if (timeWaitSeconds !== undefined) limits.time_wait_seconds = timeWaitSeconds;
      else warnings.push('sysctl gave no net.inet.tcp.msl: TIME_WAIT length unknown');
    } else {
      warnings.push(`limits unknown: ${(sysctl.reason as Error).message}`);
    }
    if (netstat.status === 'rejected') {
      throw new SourceError(`cannot read the TCP table: ${(netstat.reason as Error).message}`, { cause: netstat.reason });
    }
    const parsed = parseNetstatDarwin(Buffer.from(netstat.value.stdout).toString('utf8'));
    warnings.push(...(parsed.warnings ?? []));
    return sampleFromRows({ time, host: hostname(), source: 'netstat-darwin', limits, warnings, topDestinations: opts.topDestinations, filter: opts.filter }, parsedRows([parsed]));
  };
}
