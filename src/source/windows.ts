import { hostname } from 'node:os';
import { SourceError } from '../errors.js';
import { decodeCodePage } from '../parse/decode.js';
import { parseNetstatWindows } from '../parse/netstat-windows.js';
import { parsedRows, sampleFromRows } from '../sample.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import type { Sample } from '../types.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, runCommand } from './run-command.js';
import { readWindowsInfo, type WindowsCommand, type WindowsInfo } from './windows-limits.js';

export interface WindowsSourceOptions {
  /** the program to run for each command (default: its name, found on PATH); tests use stand-ins */
  commands?: Partial<Record<WindowsCommand, string>> | undefined;
  /** longest wait for any one command */
  timeoutMs?: number | undefined;
  /** how long the code page and limits are reused before they are read again */
  infoTtlMs?: number | undefined;
  topDestinations?: number | undefined;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  now?: () => number;
}

const DEFAULT_INFO_TTL_MS = 60_000;

/**
 * A Windows source: `netstat -ano -p TCP` and `-p TCPv6` each tick; the code page (chcp) and the
 * limits (netsh, reg) change rarely and cost three more processes, so they are read once a minute.
 */
export function createWindowsSource(opts: WindowsSourceOptions = {}): () => Promise<Sample> {
  const cmd = (name: WindowsCommand) => opts.commands?.[name] ?? name;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const now = opts.now ?? Date.now;
  let info: WindowsInfo | undefined;
  let infoAt = -Infinity;

  return async () => {
    const time = now();
    const stale = time - infoAt >= (opts.infoTtlMs ?? DEFAULT_INFO_TTL_MS);
    // the info commands run beside netstat: its bytes are only decoded once the code page is known
    const [current, [v4, v6]] = await Promise.all([
      stale || !info ? readWindowsInfo(cmd, timeoutMs) : info,
      Promise.allSettled([runCommand(cmd('netstat'), ['-ano', '-p', 'TCP'], timeoutMs), runCommand(cmd('netstat'), ['-ano', '-p', 'TCPv6'], timeoutMs)]),
    ]);
    if (current !== info) {
      info = current;
      infoAt = time;
    }
    const { codePage, limits } = current;
    const warnings = [...current.warnings];
    if (v4.status === 'rejected') {
      throw new SourceError(`cannot read the TCP table: ${(v4.reason as Error).message}`, { cause: v4.reason });
    }
    const outputs = [v4.value.stdout];
    if (v6.status === 'fulfilled') outputs.push(v6.value.stdout);
    else warnings.push(`IPv6 connections not counted: ${(v6.reason as Error).message}`);
    const parsed = outputs.map((out) => parseNetstatWindows(decodeCodePage(out, codePage)));
    for (const p of parsed) warnings.push(...(p.warnings ?? []));
    return sampleFromRows({ time, host: hostname(), source: 'netstat-windows', limits, warnings, topDestinations: opts.topDestinations, filter: opts.filter }, parsedRows(parsed));
  };
}
