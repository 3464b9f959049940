import { readFile } from 'node:fs/promises';
import { CaptureError } from '../errors.js';
import { decodeCapture } from '../parse/decode.js';
import { describeFormats, detectFormat, formatByName } from '../parse/formats.js';
import { usableEphemeralPorts } from '../parse/sysctl.js';
import { parsedRows, sampleFromRows } from '../sample.js';
import type { RowFilterSpec } from '../tally/row-filter.js';
import type { Limits, Sample } from '../types.js';
import { describeReadError } from './proc-files.js';

export interface AnalyzeOptions {
  /** `-` for standard input */
  file: string;
  format?: string | undefined;
  portRange?: [number, number] | undefined;
  topDestinations?: number | undefined;
  /** count only these rows (--port, --src, --dst, --state, --family) */
  filter?: RowFilterSpec | undefined;
  readStdin?: () => Promise<Buffer>;
  now?: () => number;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** Builds a Sample from a capture made elsewhere (a file, or standard input). */
export async function sampleCapture(opts: AnalyzeOptions): Promise<Sample> {
  let bytes: Buffer;
  try {
    bytes = opts.file === '-' ? await (opts.readStdin ?? (() => readAll(process.stdin)))() : await readFile(opts.file);
  } catch (err) {
    throw new CaptureError(`cannot read capture ${describeReadError(opts.file, err)}`);
  }
  const text = decodeCapture(bytes);
  const name = opts.file === '-' ? 'standard input' : opts.file;
  let format;
  if (opts.format !== undefined) {
    format = formatByName(opts.format);
    if (!format) throw new CaptureError(`unknown --format ${JSON.stringify(opts.format)}; known formats:\n${describeFormats()}`);
  } else {
    format = detectFormat(text);
    if (!format) {
      const what = text.trim() === '' ? 'is empty' : 'is in no format tcpwatch knows';
      throw new CaptureError(`${name} ${what}; known formats (choose one with --format):\n${describeFormats()}`);
    }
  }
  const parsed = format.parse(text);
  const limits: Limits = {};
  if (opts.portRange) {
    limits.ip_local_port_range = opts.portRange;
    limits.ephemeral_ports = usableEphemeralPorts(opts.portRange, []);
  }
  const warnings: string[] = [];
  const other = parsed.ignored['other-protocol'];
  if (other > 0) warnings.push(`${other} non-TCP line(s) ignored`);
  warnings.push(...(parsed.warnings ?? []));
  if (!opts.portRange) warnings.push('the capture carries no ephemeral port range: every non-listening local port counts as in use (set one with --port-range LO-HI)');
  return sampleFromRows({ time: (opts.now ?? Date.now)(), host: name, source: `capture:${format.name}`, limits, warnings, topDestinations: opts.topDestinations, filter: opts.filter }, parsedRows([parsed]));
}
