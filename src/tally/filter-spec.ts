/**
 * Which sockets a view counts (--port, --src, --dst, --state, --family) as plain data: parsed
 * from the command line, carried into serve's sampling thread, made a predicate in row-filter.ts.
 */
import { stateFromName, TCP_STATES, type TcpState } from '../states.js';
import type { Family } from '../types.js';

/** An address and/or a port; either may be left out (`:80`, `10.0.0.1`). */
export interface Endpoint {
  addr?: string;
  port?: number;
}

export interface RowFilterSpec {
  /** either end's port */
  port?: number;
  src?: Endpoint;
  dst?: Endpoint;
  states?: TcpState[];
  family?: Family;
}

/**
 * ss's state groups (ss(8) STATE-FILTER): `bucket` are the states kept as minisockets, `big` the
 * others, `connected` all but listening and closed, `synchronized` those but syn-sent.
 */
const GROUPS: Record<string, readonly TcpState[]> = {
  all: TCP_STATES,
  bucket: ['SYN_RECV', 'TIME_WAIT'],
  big: TCP_STATES.filter((s) => s !== 'SYN_RECV' && s !== 'TIME_WAIT'),
  connected: TCP_STATES.filter((s) => s !== 'LISTEN' && s !== 'CLOSE'),
  synchronized: TCP_STATES.filter((s) => s !== 'LISTEN' && s !== 'CLOSE' && s !== 'SYN_SENT'),
};

/** `established,TIME-WAIT,listening` or a group: the states, in TCP_STATES order; undefined names the first word no one knows. */
export function parseStates(text: string): { states: TcpState[] } | { unknown: string } {
  const set = new Set<TcpState>();
  for (const word of text.split(',').map((w) => w.trim())) {
    const group = GROUPS[word.toLowerCase()];
    const one = stateFromName(word);
    if (group) for (const s of group) set.add(s);
    else if (one) set.add(one);
    else return { unknown: word };
  }
  return { states: TCP_STATES.filter((s) => set.has(s)) };
}

export const STATE_GROUP_NAMES = Object.keys(GROUPS);

/**
 * `ADDR`, `ADDR:PORT`, `[IPv6]:PORT`, `[IPv6]`, bare IPv6, or `:PORT`; undefined when it is none.
 * Only the shape is checked here (the command line is parsed before anything else loads); the
 * predicate compares addresses in their canonical form, as rows carry them.
 */
export function parseEndpoint(text: string): Endpoint | undefined {
  const t = text.trim();
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(t);
  const [addrText, portText] = m ? [m[1] ?? m[2] ?? '', m[3]] : [t, undefined];
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && port > 65535) return undefined;
  if (addrText === '') return port === undefined ? undefined : { port };
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(addrText) && addrText.split('.').every((o) => Number(o) <= 255);
  // IPv6: hex words and colons, perhaps a dotted IPv4 tail and a %zone
  const v6 = /^[0-9a-f:]*:[0-9a-f:]*:[0-9a-f:.]*(%[\w.-]+)?$/i.test(addrText);
  if (!v4 && !v6) return undefined;
  const addr = addrText.toLowerCase();
  return port === undefined ? { addr } : { addr, port };
}

/** The filter as the command line gave it, for a view's header: `--port 8080 --state TIME_WAIT`. */
export function describeFilter(spec: RowFilterSpec | undefined): string {
  if (!spec) return '';
  const ep = (e: Endpoint) => `${e.addr === undefined ? '' : e.addr.includes(':') ? `[${e.addr}]` : e.addr}${e.port === undefined ? '' : `:${e.port}`}`;
  return [
    spec.port !== undefined ? `--port ${spec.port}` : '',
    spec.src ? `--src ${ep(spec.src)}` : '',
    spec.dst ? `--dst ${ep(spec.dst)}` : '',
    spec.states ? `--state ${spec.states.join(',')}` : '',
    spec.family !== undefined ? `--family ${spec.family}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
