import type { LinesResult } from './lines.js';
import { parseNetstatDarwin } from './netstat-darwin.js';
import { parseNetstatLinux } from './netstat-linux.js';
import { parseNetstatWindows } from './netstat-windows.js';
import { parseProcNetTcp } from './proc-net-tcp.js';
import { parseSs } from './ss.js';

/** A capture format `analyze` knows: how to recognise its rows, and how to parse them. */
export interface CaptureFormat {
  name: string;
  description: string;
  /** a regular expression a data row of this format matches (used to detect the format) */
  row: RegExp;
  parse(text: string): LinesResult;
}

export const FORMATS: CaptureFormat[] = [
  {
    name: 'proc',
    description: 'raw /proc/net/tcp and/or /proc/net/tcp6 text',
    row: /^\s*\d+:\s+[0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?:[0-9A-Fa-f]{4}\s+[0-9A-Fa-f]{8}/,
    // UTF-8, not Latin-1: Latin-1 keeps only a character's low byte, so U+010A would become a newline
    parse: (text) => parseProcNetTcp(Buffer.from(text, 'utf8')),
  },
  {
    name: 'ss',
    description: 'Linux `ss -tan` or `ss -tanp` output',
    row: /^(?:tcp\s+)?(?:ESTAB|LISTEN|TIME-WAIT|CLOSE-WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-[12]|LAST-ACK|CLOSING|UNCONN)\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+/,
    parse: parseSs,
  },
  {
    name: 'netstat-linux',
    description: 'Linux `netstat -ant` or `netstat -antp` output',
    row: /^tcp6?\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+\s+[A-Z_12]+/,
    parse: parseNetstatLinux,
  },
  {
    name: 'netstat-windows',
    description: 'Windows `netstat -ano` or `netstat -an` output, any language',
    row: /^\s*TCP(?:v6)?\s+(?:\[[^\]]+\]|[\d.]+):\d+\s+(?:\[[^\]]+\]|[\d.]+|\*):(?:\d+|\*)\s+\S/,
    parse: parseNetstatWindows,
  },
  {
    name: 'netstat-darwin',
    description: 'macOS / FreeBSD `netstat -an -p tcp` output (also with -v)',
    row: /^tcp(?:4|6|46)?\s+\d+\s+\d+\s+\S+\.(?:\d+|\*)\s+\S+\.(?:\d+|\*)\s+[A-Z_12]+/,
    parse: parseNetstatDarwin,
  },
];

/** How many lines detection looks at: enough to get past any banner. */
const DETECT_LINES = 400;

/** The format whose rows match most of the first lines; undefined when none matches any. */
export function detectFormat(text: string, formats: CaptureFormat[] = FORMATS): CaptureFormat | undefined {
  // only the head is looked at: a capture can be tens of megabytes
  const lines = text
    .slice(0, DETECT_LINES * 256)
    .split('\n', DETECT_LINES)
    .map((l) => l.replace(/\r$/, ''));
  let best: CaptureFormat | undefined;
  let bestScore = 0;
  for (const f of formats) {
    const score = lines.reduce((n, l) => (f.row.test(l) ? n + 1 : n), 0);
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

export function formatByName(name: string, formats: CaptureFormat[] = FORMATS): CaptureFormat | undefined {
  return formats.find((f) => f.name === name);
}

/** The list a user sees when a capture is not recognised. */
export function describeFormats(formats: CaptureFormat[] = FORMATS): string {
  return formats.map((f) => `  ${f.name.padEnd(16)}${f.description}`).join('\n');
}
