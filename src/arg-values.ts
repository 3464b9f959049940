/** The values options take on the command line -> typed values. Pure; errors are UsageError naming the option. */

import { isIPv4, isIPv6 } from 'node:net';
import { UsageError } from './errors.js';
import { SOURCE_NAMES, type SourceName } from './source/names.js';
import { SORT_KEYS, type SortKey } from './tally/destination-order.js';
import { parseEndpoint, parseStates, STATE_GROUP_NAMES, type Endpoint } from './tally/filter-spec.js';
import type { TcpState } from './states.js';
import type { Family } from './types.js';

/** "2", "2s", "500ms", "1.5s", "1m" -> milliseconds (a bare number is seconds, like watch -n). */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a duration (try 2s, 500ms, 1m)`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 100 || ms > 3_600_000) throw new UsageError(`${what}: ${text} is out of range (100ms to 1h)`);
  return Math.round(ms);
}

export function parsePositiveInt(text: string, what: string, max = 1_000_000): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`${what}: ${JSON.stringify(text)} is not a whole number from 1 to ${max}`);
  }
  return Number(text);
}

/** "5", "5%", "0.5" -> a share of one core (0.05); 0.1 % to 100 %. */
export function parsePercent(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const v = Number(m?.[1]);
  if (!m || v < 0.1 || v > 100) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a percentage from 0.1 to 100`);
  return v / 100;
}

export function parsePortRangeArg(text: string, what: string): [number, number] {
  const m = /^(\d{1,5})[-:, ](\d{1,5})$/.exec(text.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2]);
  if (!m || lo < 1 || hi > 65535 || lo > hi) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a port range LO-HI within 1-65535`);
  return [lo, hi];
}

/** `127.0.0.1:9929`, `[::1]:9929`, `0.0.0.0:9929`, `:9929` (all addresses: an explicit choice); port 0 is any free port. */
export function parseListenArg(text: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):([^:]*)$/.exec(text.trim());
  if (!m) throw new UsageError(`${what}: ${JSON.stringify(text)} is not HOST:PORT (e.g. 127.0.0.1:9929, [::1]:9929, :9929 for all addresses)`);
  // the shape is right: say what is wrong with the port rather than repeat the shape
  const portText = m[3] as string;
  const bad = (why: string) => new UsageError(`${what}: ${JSON.stringify(text)}: ${why}`);
  if (portText === '') throw bad('the port is missing after the colon (e.g. 127.0.0.1:9929)');
  if (!/^-?\d+$/.test(portText)) throw bad(`the port ${JSON.stringify(portText)} is not a number (e.g. 127.0.0.1:9929)`);
  const port = Number(portText);
  if (portText.startsWith('-') || port > 65535) throw bad(`port ${portText} is out of range (1 to 65535, or 0 for any free port)`);
  const host = m[1] ?? m[2] ?? '';
  // digits and dots only would go to the resolver as a name (256.1.1.1): say it is no address
  if (/^[\d.]+$/.test(host) && !isIPv4(host)) throw bad(`${JSON.stringify(host)} is not an IPv4 address`);
  if (m[1] !== undefined && !isIPv6(host)) throw bad(`[${host}] is not an IPv6 address`);
  return { host: host === '' ? '::' : host, port };
}

/** A playback speed: 1, 0.5, 10, or 10x. */
export function parseSpeedArg(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(text.trim());
  const v = Number(m?.[1]);
  if (!m || v <= 0 || v > 10_000) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a speed from 0.01 to 10000 (e.g. 1, 10x)`);
  return v;
}

/**
 * `--on-alert CMD ARG...`: the command and its arguments are everything up to a lone `--` (which
 * ends it) or the end of the command line, so put it last or close it with `--`.
 */
export function commandArgv(name: string, inline: string | undefined, rest: string[]): string[] {
  const end = rest.indexOf('--');
  const taken = rest.splice(0, end < 0 ? rest.length : end + 1);
  if (end >= 0) taken.pop();
  const argv = inline !== undefined ? [inline, ...taken] : taken;
  if (argv.length === 0 || argv[0] === '') throw new UsageError(`${name} needs a command: ${name} CMD [ARG...] [--]`);
  return argv;
}

export function parseSourceName(text: string, what: string): SourceName {
  if ((SOURCE_NAMES as readonly string[]).includes(text)) return text as SourceName;
  throw new UsageError(`${what}: ${JSON.stringify(text)} is not one of ${SOURCE_NAMES.join(', ')}`);
}

/** A port, 1-65535 (--port). */
export function parsePortArg(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 65535) throw new UsageError(`${what}: ${JSON.stringify(text)} is not a port from 1 to 65535`);
  return Number(text);
}

/** --src, --dst: ADDR, ADDR:PORT, [IPv6]:PORT or :PORT. */
export function parseEndpointArg(text: string, what: string): Endpoint {
  const e = parseEndpoint(text);
  if (!e) throw new UsageError(`${what}: ${JSON.stringify(text)} is not ADDR[:PORT] (e.g. 10.0.0.5, 10.0.0.5:443, [::1]:80, :8080)`);
  return e;
}

/** --state: names as ss or netstat print them, any case, comma-separated, or ss's groups. */
export function parseStatesArg(text: string, what: string): TcpState[] {
  const r = parseStates(text);
  if ('unknown' in r) {
    throw new UsageError(`${what}: ${JSON.stringify(r.unknown)} is not a TCP state (ss or netstat names: established, syn-sent, time-wait, close-wait, listen, ...; groups: ${STATE_GROUP_NAMES.join(', ')})`);
  }
  return r.states;
}

/** --family: 4 or 6 (also inet, inet6, ipv4, ipv6). */
export function parseFamilyArg(text: string, what: string): Family {
  const t = text.trim().toLowerCase();
  if (t === '4' || t === 'inet' || t === 'ipv4') return 4;
  if (t === '6' || t === 'inet6' || t === 'ipv6') return 6;
  throw new UsageError(`${what}: ${JSON.stringify(text)} is not 4 or 6`);
}

export function parseSortArg(text: string, what: string): SortKey {
  if ((SORT_KEYS as readonly string[]).includes(text)) return text as SortKey;
  throw new UsageError(`${what}: ${JSON.stringify(text)} is not one of ${SORT_KEYS.join(', ')}`);
}
