import { OEM_HIGH } from './oem-codepages.js';

/**
 * Turns a capture's bytes into text: UTF-16 (PowerShell's `>` writes UTF-16LE with a BOM),
 * UTF-8 with or without a BOM, and anything else as a single-byte code page so every byte
 * survives to be reported rather than vanishing into U+FFFD: CP850 when bytes 0x80-0x9F occur
 * (accented letters in a Western Windows console's OEM code page, e.g. 0x99 "Ö" in German
 * ABHÖREN; Latin-1 has only control characters there), Latin-1 otherwise.
 */
export function decodeCapture(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return utf16(buf.subarray(2), 'le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return utf16(buf.subarray(2), 'be');
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  // UTF-16LE without a BOM: ASCII text with a NUL after every character
  if (looksUtf16le(buf)) return utf16(buf, 'le');
  const text = buf.toString('utf8');
  if (!text.includes('\ufffd')) return text;
  return buf.some((b) => b >= 0x80 && b <= 0x9f) ? decodeOem(buf, 850) : buf.toString('latin1');
}

/**
 * UTF-16 text; a capture cut short can end in half a character, which becomes U+FFFD (so its
 * line is reported as binary) rather than vanishing or, big-endian, failing the byte swap.
 */
function utf16(buf: Buffer, order: 'le' | 'be'): string {
  const whole = buf.length & ~1;
  const le = order === 'le' ? buf.subarray(0, whole) : Buffer.from(buf.subarray(0, whole)).swap16();
  return le.toString('utf16le') + (whole < buf.length ? '\ufffd' : '');
}

function looksUtf16le(buf: Buffer): boolean {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 8) return false;
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (buf[i] === 0) zeros++;
  return zeros > (n / 2) * 0.9;
}

/** Decodes CP437 or CP850 bytes (ASCII below 0x80, the table above). */
export function decodeOem(buf: Uint8Array, cp: 437 | 850): string {
  const high = OEM_HIGH[cp];
  let out = '';
  for (const b of buf) out += b < 0x80 ? String.fromCharCode(b) : high[b - 0x80];
  return out;
}

/** TextDecoder labels for Windows code pages other than the two OEM tables we carry. */
const DECODER_LABEL: Record<number, string> = {
  65001: 'utf-8',
  866: 'ibm866',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
};

/**
 * Decodes console output written in Windows code page `cp` (as `chcp` reports it). Code pages
 * this Node cannot decode fall back to Latin-1: the rows are ASCII, only localized words suffer.
 */
export function decodeCodePage(buf: Uint8Array, cp: number | undefined): string {
  if (cp === 437 || cp === 850) return decodeOem(buf, cp);
  const label = cp === undefined ? 'utf-8' : (DECODER_LABEL[cp] ?? `windows-${cp}`);
  try {
    return new TextDecoder(label).decode(buf);
  } catch {
    return Buffer.from(buf).toString('latin1');
  }
}

/**
 * The code page number from `chcp` output, in any language ("Active code page: 850",
 * "Aktive Codepage: 850."): the last number on the first line (a later line may be noise).
 */
export function parseChcp(text: string): number | undefined {
  const first = text.trim().split(/\r?\n/)[0] ?? '';
  // the last run of digits, found without a backtracking `(\d+)\D*$` (quadratic on a long line)
  const cp = Number(first.match(/\d+/g)?.at(-1) ?? NaN);
  // code pages are 16-bit numbers: a longer run of digits is noise, not a code page
  return Number.isInteger(cp) && cp <= 65535 ? cp : undefined;
}
