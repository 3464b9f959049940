import { PROM_SERIES, RULE_ENTRIES, RULE_NAMES, type PromExtra, type PromLevels, type RuleName } from '../rules/catalogue.js';
import { defaultRulesConfig, type RulesConfig } from '../rules/config.js';

/** One Prometheus alerting rule, over the metric names `tcpwatch serve` exports. */
export interface PromAlertRule {
  alert: string;
  rule: RuleName;
  severity: 'warning' | 'critical';
  expr: string;
  for?: string;
  keepFiringFor?: string;
  summary: string;
  remedy: string;
}

/** One recording rule: a ratio or a sum the alerts and the dashboard read. */
export interface PromRecordingRule {
  record: string;
  expr: string;
}

/** What the rules file is made for: the scrape and evaluation interval, and the built-in engine's settings. */
interface Timing {
  /** seconds between evaluations (and scrapes) */
  interval: number;
  samples: number;
  hysteresis: number;
}

/** A Prometheus duration: whole seconds, or milliseconds. */
export function promDuration(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** A range that holds the last two scrapes for irate and idelta, with room for jitter. */
const rangeOf = (t: Timing): string => promDuration(3 * t.interval);

const trim = (x: number): number => Number(x.toPrecision(12));

/** `{sel}` and `{w}` filled: no matchers in an alert's own expression. */
const fill = (expr: string, t: Timing, sel = ''): string => expr.replaceAll('{sel}', sel).replaceAll('{w}', rangeOf(t));

/** Go template: the first value of a PromQL query built with printf from the alert's labels, as a whole number. */
const queried = (printfPromql: string, args: string): string => `{{ with printf ${JSON.stringify(printfPromql)} ${args} | query }}{{ . | first | value | printf "%.0f" }}{{ end }}`;

// serve --all-netns adds a netns label: an annotation queries that namespace's series only (an
// empty netns="" matches the series of a single-namespace serve, which have none)
const SEL = '{instance=%q,job=%q,netns=%q}';
const SEL_ARGS = '$labels.instance $labels.job $labels.netns';

/**
 * A summary's placeholders filled with Go templates: the value, and the count and limit queried
 * from the series the alert was computed from, so an annotation says "840 of 1000", not a ratio only.
 */
function summaryOf(text: string, rule: RuleName, t: Timing, value: 'count' | 'rate' | 'ratio', count?: string): string {
  const usageSel = (series: string) => `${series}{instance=%q,job=%q,netns=%q,rule=${JSON.stringify(rule)},subject=%q}`;
  const usageArgs = `${SEL_ARGS} $labels.subject`;
  // as the built-in message names them: "150 on 0.0.0.0:8080" (a listener), "20 toward 10.0.0.9:5432"
  const groups = `{{ range $i, $g := printf ${JSON.stringify(`topk(3, ${PROM_SERIES.closeWait}${SEL})`)} ${SEL_ARGS} | query | sortByLabel "endpoint" }}{{ if $i }}, {{ end }}{{ $g.Value | printf "%.0f" }} {{ if eq $g.Labels.direction "inbound" }}on{{ else }}toward{{ end }} {{ $g.Labels.endpoint }}{{ end }}`;
  return text
    .replaceAll('{used}', queried(usageSel(PROM_SERIES.usage), usageArgs))
    .replaceAll('{limit}', queried(usageSel(PROM_SERIES.limit), usageArgs))
    .replaceAll('{ratio}', '{{ $value | humanizePercentage }}')
    .replaceAll('{value}', value === 'rate' ? '{{ $value | humanize }}' : '{{ printf "%.0f" $value }}')
    .replaceAll('{count}', count === undefined ? '' : queried(fill(count, t, SEL), SEL_ARGS))
    .replaceAll('{groups}', groups)
    .replaceAll('{subject}', '{{ $labels.subject }}')
    .replaceAll('{instance}', '{{ $labels.instance }}{{ with $labels.netns }} netns {{ . }}{{ end }}');
}

/**
 * `x` at or above `threshold`; an alert already pending or firing stays while `x` is within the
 * hysteresis below it (the built-in rules' step-down), so a dip at the limit does not restart `for`.
 */
function withHysteresis(x: string, op: '>=' | '>', threshold: number, alert: string, t: Timing): string {
  const at = `${x} ${op} ${trim(threshold)}`;
  if (threshold <= 0 || t.hysteresis <= 0) return at;
  return `${at} or (${x} >= ${trim(threshold * (1 - t.hysteresis / 100))} and ignoring(alertname, alertstate, severity, rule) ALERTS{alertname="${alert}"})`;
}

const LEVEL_SUFFIX = { warning: 'Warning', critical: 'Critical' } as const;

/** `for`: the built-in engine reports a level seen in `samples` consecutive samples, one per scrape. */
const confirmation = (t: Timing) => ({ for: promDuration(t.samples * t.interval), keepFiringFor: promDuration(t.samples * t.interval) });

function levelRules(rule: RuleName, l: PromLevels, thresholds: { warning: number; critical: number }, t: Timing): PromAlertRule[] {
  const remedy = l.remedy ?? RULE_ENTRIES[rule].remedy();
  const x = l.compare === 'ratio' ? `${PROM_SERIES.ratio}{rule="${rule}"${l.matchers ? `,${l.matchers}` : ''}}` : fill(l.expr ?? '', t);
  return (['warning', 'critical'] as const).map((severity): PromAlertRule => {
    const v = thresholds[severity];
    const alert = `${l.alert}${LEVEL_SUFFIX[severity]}`;
    // a rate's warning 0 means any increase; other thresholds fire at or above, as the built-in rules do
    const expr = l.compare === 'ratio' ? withHysteresis(x, '>=', v / 100, alert, t) : withHysteresis(x, l.compare === 'rate' && v === 0 ? '>' : '>=', v, alert, t);
    const from = l.compare === 'ratio' ? `${v}%` : l.compare === 'count' ? `${v}` : v === 0 ? 'any drop' : `${v}/s`;
    return { alert, rule, severity, expr, ...confirmation(t), summary: `${summaryOf(l.summary, rule, t, l.compare, l.count)} (${severity} from ${from})`, remedy };
  });
}

function extraRule(rule: RuleName, x: PromExtra, t: Timing): PromAlertRule {
  const c = confirmation(t);
  return {
    alert: x.alert,
    rule,
    severity: x.severity,
    expr: fill(x.expr, t),
    ...(x.immediate ? { keepFiringFor: c.keepFiringFor } : c),
    summary: summaryOf(x.summary, rule, t, 'count'),
    remedy: x.remedy ?? RULE_ENTRIES[rule].remedy(),
  };
}

function rulesFor<R extends RuleName>(rule: R, c: RulesConfig, t: Timing): PromAlertRule[] {
  const entry = RULE_ENTRIES[rule];
  const levels = entry.prometheus.levels.flatMap((l) => levelRules(rule, l, c[rule], t));
  return [...levels, ...(entry.prometheus.extra?.(c[rule]) ?? []).map((x) => extraRule(rule, x, t))];
}

const timingOf = (c: RulesConfig, intervalS: number): Timing => ({ interval: c.prometheus_interval > 0 ? c.prometheus_interval : intervalS, samples: c.samples, hysteresis: c.hysteresis });

/**
 * The built-in rules as Prometheus alerting rules, with the thresholds, confirmation and
 * hysteresis in force (defaults, --config, --set), for Prometheus scraping and evaluating every
 * `prometheus.interval` (else `intervalS`, tcpwatch's --interval).
 */
export function promAlertRules(c: RulesConfig = defaultRulesConfig(), intervalS = 2): PromAlertRule[] {
  const t = timingOf(c, intervalS);
  return RULE_NAMES.flatMap((rule) => rulesFor(rule, c, t));
}

/** The ratios and sums the alerts compare, recorded so the dashboard graphs the same numbers. */
export function promRecordingRules(): PromRecordingRule[] {
  return [
    { record: PROM_SERIES.ratio, expr: `${PROM_SERIES.usage} / ${PROM_SERIES.limit}` },
    { record: PROM_SERIES.closeWaitTotal, expr: 'sum without(family, state) (tcpwatch_connection_states{state="close_wait"})' },
  ];
}

/** JSON strings are valid YAML double-quoted scalars, so every value is written that way. */
const q = (s: string): string => JSON.stringify(s);

/**
 * The rules file `promtool check rules` accepts: one group evaluated at the interval the rules
 * were made for, the recording rules first (a group evaluates in order, so the alerts read this
 * evaluation's ratios), then one alert per rule and level.
 */
export function renderPromRules(c: RulesConfig = defaultRulesConfig(), intervalS = 2): string {
  const t = timingOf(c, intervalS);
  const out = [
    "# Prometheus rules equivalent to tcpwatch's built-in rules, over `tcpwatch serve`'s metrics.",
    `# Generated by \`tcpwatch rules --prometheus\` for scrapes and evaluations every ${promDuration(t.interval)} (--set prometheus.interval=...).`,
    '# Needs Prometheus 2.42 or newer (keep_firing_for). Alertmanager: contrib/alertmanager.yml inhibits a warning while its critical fires.',
    'groups:',
    '  - name: tcpwatch',
    `    interval: ${promDuration(t.interval)}`,
    '    rules:',
  ];
  for (const r of promRecordingRules()) out.push(`      - record: ${r.record}`, `        expr: ${q(r.expr)}`);
  for (const r of promAlertRules(c, intervalS)) {
    out.push(`      - alert: ${r.alert}`, `        expr: ${q(r.expr)}`);
    if (r.for !== undefined) out.push(`        for: ${r.for}`);
    if (r.keepFiringFor !== undefined) out.push(`        keep_firing_for: ${r.keepFiringFor}`);
    out.push('        labels:', `          severity: ${r.severity}`, `          rule: ${r.rule}`, '        annotations:', `          summary: ${q(r.summary)}`, `          remedy: ${q(r.remedy)}`);
  }
  return `${out.join('\n')}\n`;
}
