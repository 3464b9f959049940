/**
 * A strict parser for the Prometheus text exposition format 0.0.4, for tests: every line must be
 * a HELP, a TYPE, a comment or a sample; names, label syntax, escapes and values are checked, a
 * family's TYPE must precede its samples, families must not be split, series must not repeat.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromFamily {
  name: string;
  help?: string;
  type?: string;
  samples: PromSample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(t: string, at: string): number {
  if (t === 'NaN') return NaN;
  if (t === '+Inf' || t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) throw new Error(`${at}: bad value ${JSON.stringify(t)}`);
  return Number(t);
}

function parseLabels(text: string, at: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`${at}: label without =`);
    const name = text.slice(i, eq);
    if (!LABEL.test(name)) throw new Error(`${at}: bad label name ${JSON.stringify(name)}`);
    if (name in labels) throw new Error(`${at}: label ${name} repeated`);
    if (text[eq + 1] !== '"') throw new Error(`${at}: label value not quoted`);
    let j = eq + 2;
    let value = '';
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const e = text[++j];
        if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else throw new Error(`${at}: bad escape \\${e}`);
      } else if (text[j] === '\n') throw new Error(`${at}: raw newline in label value`);
      else value += text[j];
    }
    if (j >= text.length) throw new Error(`${at}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`${at}: expected , between labels`);
      i++;
    }
  }
  return labels;
}

export function parsePromText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  let current: string | undefined;
  const family = (name: string, at: string): PromFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, samples: [] }));
    else if (current !== name && f.samples.length > 0) throw new Error(`${at}: family ${name} split`);
    current = name;
    return f;
  };
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('exposition does not end with a newline');
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, n) => {
    const at = `line ${n + 1}`;
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC.test(name)) throw new Error(`${at}: bad metric name ${JSON.stringify(name)}`);
      const f = family(name, at);
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new Error(`${at}: second HELP for ${name}`);
        if (/\\[^n\\]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`${at}: bad escape in HELP`);
        f.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      } else {
        if (f.type !== undefined) throw new Error(`${at}: second TYPE for ${name}`);
        if (f.samples.length > 0) throw new Error(`${at}: TYPE after samples of ${name}`);
        if (!TYPES.has(rest)) throw new Error(`${at}: unknown type ${JSON.stringify(rest)}`);
        f.type = rest;
      }
      return;
    }
    if (line.startsWith('#')) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`${at}: not a sample: ${JSON.stringify(line)}`);
    const name = m[1] as string;
    const labels = m[2] !== undefined ? parseLabels(m[2], at) : {};
    const value = parseValue(m[3] as string, at);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`${at}: duplicate series ${line}`);
    seen.add(key);
    const base = name.replace(/_(bucket|sum|count|total|created)$/, '');
    const f = families.has(name) || !families.has(base) ? family(name, at) : family(base, at);
    f.samples.push({ name, labels, value });
  });
  return families;
}

/** The value of one series, or undefined when absent. */
export function promValue(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const f = families.get(name);
  const s = f?.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v) && Object.keys(x.labels).length === Object.keys(labels).length);
  return s?.value;
}
