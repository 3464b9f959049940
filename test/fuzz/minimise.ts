// Makes a failing input small enough to read and to keep as a fixture: fast-check shrinks the
// edits, but the capture they were made to stays whole. Removes lines, then bytes, as long as
// the same failure remains (delta debugging, bounded in attempts).

/** The failure's kind: its class and message with the numbers taken out. */
function kind(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  return `${e.name}:${e.message.replace(/\d+/g, 'N').slice(0, 40)}`;
}

export function minimise(input: Buffer, check: (b: Buffer) => void, error: unknown, maxAttempts = 4000): Buffer {
  const want = kind(error);
  let attempts = 0;
  const fails = (b: Buffer): boolean => {
    attempts++;
    try {
      check(b);
      return false;
    } catch (err) {
      return kind(err) === want;
    }
  };
  let best = input;
  // pieces: lines first (ends kept), then single bytes
  for (const split of [(b: Buffer) => lines(b), (b: Buffer) => Array.from(b, (x) => Buffer.from([x]))]) {
    let pieces = split(best);
    let size = Math.max(1, pieces.length >> 1);
    while (size >= 1 && attempts < maxAttempts) {
      let removed = false;
      for (let i = 0; i < pieces.length && attempts < maxAttempts;) {
        const candidate = [...pieces.slice(0, i), ...pieces.slice(i + size)];
        const b = Buffer.concat(candidate);
        if (candidate.length < pieces.length && fails(b)) {
          pieces = candidate;
          best = b;
          removed = true;
        } else i += size;
      }
      if (!removed) size >>= 1;
    }
  }
  return best;
}

function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, s)) {
    out.push(b.subarray(s, nl + 1));
    s = nl + 1;
  }
  if (s < b.length) out.push(b.subarray(s));
  return out;
}
