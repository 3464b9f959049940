/** Parses replay's --at: an ISO time, `HH:MM[:SS]` (UTC, on the recording's first day), `+DUR` from the start, `-DUR` before the end. */
export function parseAt(text: string, start: number, end: number): number | undefined {
  const t = text.trim();
  const rel = /^([+-])(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(t);
  if (rel) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[rel[3] as 'ms' | 's' | 'm' | 'h'];
    const ms = Number(rel[2]) * unit;
    return rel[1] === '+' ? start + ms : end - ms;
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s >= 60) return undefined;
    const day = new Date(start);
    return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) + ((h * 60 + m) * 60 + s) * 1000;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const abs = Date.parse(t);
  return Number.isNaN(abs) ? undefined : abs;
}
