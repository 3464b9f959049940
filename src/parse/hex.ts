/** Digit values of '0'-'9', 'A'-'F', 'a'-'f'; -1 for every other byte. */
const HEX_DIGIT = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let c = 0; c < 10; c++) t[0x30 + c] = c;
  for (let c = 0; c < 6; c++) t[0x41 + c] = t[0x61 + c] = 10 + c;
  return t;
})();

/** Value of the upper- or lower-case hex digits in buf[s, e), or -1. At most 13 digits (a safe integer). */
export function hexValue(buf: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 13) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = HEX_DIGIT[buf[i] as number] as number;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
