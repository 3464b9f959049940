/** Address text helpers shared by all parsers: canonical forms, so one host has one spelling. */
import { SERVICE_PORTS } from './parse/service-ports.js';

/** Formats 16 bytes as RFC 5952 text; IPv4-mapped addresses come out as plain IPv4. */
export function formatIPv6(b: Uint8Array): string {
  let mapped = b[10] === 0xff && b[11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) if (b[i] !== 0) mapped = false;
  if (mapped) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  // longest run of zero words (length >= 2) becomes "::"
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

/**
 * Canonical text of an address as another tool printed it: brackets and zone kept apart,
 * `::ffff:1.2.3.4` becomes `1.2.3.4`, IPv6 is compressed the RFC 5952 way. Returns undefined
 * when the text is not an address.
 */
export function canonicalAddress(text: string): string | undefined {
  let t = text;
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (t === '*') return '*';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) {
    return t.split('.').every((o) => Number(o) <= 255) ? t : undefined;
  }
  const pct = t.indexOf('%');
  const zone = pct >= 0 ? t.slice(pct) : '';
  const bytes = parseIPv6(pct >= 0 ? t.slice(0, pct) : t);
  return bytes ? formatIPv6(bytes) + zone : undefined;
}

/** Parses IPv6 text (with an optional dotted IPv4 tail) into 16 bytes. */
export function parseIPv6(t: string): Uint8Array | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(t) || !t.includes(':')) return undefined;
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const words = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      if (part.includes('.')) {
        const o = part.split('.').map(Number);
        if (o.length !== 4 || o.some((x) => !Number.isInteger(x) || x > 255)) return undefined;
        out.push(((o[0] ?? 0) << 8) | (o[1] ?? 0), ((o[2] ?? 0) << 8) | (o[3] ?? 0));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) return undefined;
        out.push(parseInt(part, 16));
      }
    }
    return out;
  };
  const head = words(halves[0] ?? '');
  const tail = halves.length === 2 ? words(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const b = new Uint8Array(16);
  all.forEach((w, i) => {
    b[2 * i] = w >> 8;
    b[2 * i + 1] = w & 0xff;
  });
  return b;
}

/** Whether an address is IPv6 text (after canonicalization IPv4-mapped ones are IPv4). */
export function isIPv6(addr: string): boolean {
  return addr.includes(':');
}

/** 127.0.0.0/8 or ::1 (canonical text: IPv4-mapped ones are IPv4 already). */
export function isLoopback(addr: string): boolean {
  return addr === '::1' || /^127\.\d+\.\d+\.\d+$/.test(addr);
}

/** A DNS name as resolvers return it (netstat cuts long ones short, which still fits). */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/** A host name, not a mangled address: its last label has a letter (`127.0.0` is no name). */
function isHostName(host: string): boolean {
  return HOST_NAME.test(host) && /[A-Za-z]/.test(host.replace(/\.$/, '').split('.').pop() ?? '');
}

/** `host:port` with brackets around IPv6, as users paste it. */
export function joinHostPort(addr: string, port: number): string {
  return isIPv6(addr) ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/**
 * Splits `host:port` as ss, Linux and Windows netstat print it (`[::1]:80`, `::1:80`, `*:*`,
 * `127.0.0.53%lo:53`, `[fe80::1%4]:445`), or `host.port` as BSD netstat does (`10.0.0.1.443`,
 * `*.*`, `::1.8080`). The port `*` reads as 0, and a service name (`:https`, what these tools
 * print without -n) as its port in /etc/services. With `hostNames`, a host name (`localhost`,
 * netstat without -n) is kept as the address text; the caller must know the family.
 * Returns undefined when it is not of that shape.
 */
export function splitHostPort(text: string, sep: ':' | '.', opts: { hostNames?: boolean } = {}): { addr: string; port: number } | undefined {
  const at = text.lastIndexOf(sep);
  if (at <= 0) return undefined;
  const portText = text.slice(at + 1);
  let port: number;
  if (portText === '*') port = 0;
  else if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText);
  else if (SERVICE_PORTS.has(portText)) port = SERVICE_PORTS.get(portText) as number;
  else return undefined;
  let host = text.slice(0, at);
  // ss prints the interface after the host: "127.0.0.53%lo", "[fe80::1]%eth0"
  const zone = /^(\[[^\]]*\]|[^%[]*)%[\w.-]+$/.exec(host);
  if (zone) host = zone[1] as string;
  const addr = canonicalAddress(host === '*' ? '*' : host) ?? (opts.hostNames && isHostName(host) ? host : undefined);
  return addr === undefined ? undefined : { addr, port };
}
