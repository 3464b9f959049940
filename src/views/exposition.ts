/** The Prometheus text exposition (format 0.0.4): metric families, escaped and sorted as client_golang writes them. */

export type MetricType = 'gauge' | 'counter' | 'untyped';

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: Array<{ labels: Array<[string, string]>; value: number }>;
}

/** Metric names allow [a-zA-Z0-9_:]; node_exporter replaces anything else with `_`. */
export function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_:]/g, '_');
}

function escapeHelp(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabel(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Where metric samples are added: the families themselves, or a view of them with labels of their own. */
export interface MetricSink {
  add(name: string, help: string, type: MetricType, value: number | undefined, labels?: Array<[string, string]>): void;
}

/** Every sample added through it carries `extra` first (serve --all-netns: the `netns` label). */
export function withLabels(m: MetricSink, extra: Array<[string, string]>): MetricSink {
  return { add: (name, help, type, value, labels = []) => m.add(name, help, type, value, [...extra, ...labels]) };
}

export class Families implements MetricSink {
  private readonly byName = new Map<string, Family>();

  add(name: string, help: string, type: MetricType, value: number | undefined, labels: Array<[string, string]> = []): void {
    if (value === undefined) return;
    let f = this.byName.get(name);
    if (!f) this.byName.set(name, (f = { name, help, type, samples: [] }));
    f.samples.push({ labels, value });
  }

  /** Families sorted by name, as client_golang writes them. */
  render(): string {
    const out: string[] = [];
    for (const f of [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of f.samples) {
        const labels = s.labels.length === 0 ? '' : `{${s.labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
        out.push(`${f.name}${labels} ${formatValue(s.value)}`);
      }
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }
}
