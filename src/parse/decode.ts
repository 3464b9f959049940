/**
 * Turns a capture's bytes into text: UTF-16 (PowerShell's `>` writes UTF-16LE with a BOM),
 * UTF-8 with or without a BOM, and anything else as Latin-1 so every byte survives to be
 * reported rather than vanishing into U+FFFD.
 */
export function decodeCapture(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString('utf16le');
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  // UTF-16LE without a BOM: ASCII text with a NUL after every character
  if (looksUtf16le(buf)) return buf.toString('utf16le');
  const text = buf.toString('utf8');
  return text.includes('\ufffd') ? buf.toString('latin1') : text;
}

function looksUtf16le(buf: Buffer): boolean {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 8) return false;
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (buf[i] === 0) zeros++;
  return zeros > (n / 2) * 0.9;
}
