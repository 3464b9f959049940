/** The side panel: a gauge per limit (the ports one with its destination's rate), then the counter rates. */
import { percent, thousands } from '../../format.js';
import { fullInText, rateText as perSecondText } from '../../rates.js';
import type { GaugeModel, GaugeRate, RateModel } from '../model.js';
import { sparkline } from '../sparkline.js';
import { clean, fit, fitMiddle, tag, type Theme, type Tone } from '../text.js';
import type { PanelInput } from './input.js';
import { rateText, toneOfRatio } from './values.js';

/** Sparklines narrower than this say nothing; the rate line leaves them out. */
const MIN_SPARK = 4;

function bar(ratio: number, width: number, t: Theme): string {
  const inner = Math.max(0, width - 2);
  const n = Math.min(inner, Math.round(Math.min(1, Math.max(0, ratio)) * inner));
  const [on, off] = t.ascii ? ['#', '.'] : ['█', '░'];
  return `[${on.repeat(n)}${off.repeat(inner - n)}]`;
}

/** The first text that fits `width`; the last one cut if none does (so list them longest first, numbers in all). */
function firstFitting(texts: readonly string[], width: number): string {
  return fit(texts.find((t) => t.length <= width) ?? texts[texts.length - 1] ?? '', width);
}

/** "60/s  full in 40 s", shorter where the room is less; the figures are never cut. */
function rateWords(r: GaugeRate): string[] {
  const rate = perSecondText(r.newPerSecond);
  // at the bucket limit the rate misses what the kernel kept out of TIME_WAIT: that, not "never fills"
  if (r.overflowPerSecond !== undefined) {
    const ov = perSecondText(r.overflowPerSecond);
    return [`${rate}  +${ov} past tw_buckets`, `${rate} +${ov} past buckets`, `${rate} +${ov} no TW`];
  }
  if (r.fullInSeconds === null) return [`${rate}  never fills`, `${rate} never fills`, `${rate}, never`];
  const t = fullInText(r.fullInSeconds);
  return [`${rate}  full in ${t}`, `${rate} full in ${t}`, `${rate}, full ${t}`, `${rate} ${t}`];
}

function rateTone(r: GaugeRate): Tone | undefined {
  if (r.overflowPerSecond !== undefined) return 'critical';
  if (r.fullInSeconds === null) return undefined;
  return r.fullInSeconds <= 60 ? 'critical' : 'warning';
}

/** The rate and fill time, then the last minute's new connections per second as a sparkline in the room left. */
function rateLine(p: PanelInput, r: GaugeRate, width: number): string {
  const words = firstFitting(rateWords(r), width).trimEnd();
  const room = width - words.length - 1;
  const spark = room >= MIN_SPARK && r.perSecond.length > 0 ? ` ${sparkline(r.perSecond, room, p.theme.ascii)}` : '';
  return tag(p.theme, rateTone(r), fit(words, words.length)) + tag(p.theme, 'accent', spark) + ' '.repeat(Math.max(0, width - words.length - spark.length));
}

interface GaugeText {
  pct: string;
  nums: string;
  ratio: number | undefined;
}

function gaugeText(g: GaugeModel): GaugeText {
  const ratio = g.used !== undefined && g.limit !== undefined && g.limit > 0 ? g.used / g.limit : undefined;
  return {
    ratio,
    pct: ratio === undefined ? 'n/a' : percent(g.used ?? 0, g.limit ?? 0),
    nums: g.used === undefined ? '-' : g.limit === undefined ? thousands(g.used) : `${thousands(g.used)}/${thousands(g.limit)}`,
  };
}

/** "ports 73.0% -> 127.0.0.1:20000": the percentage whole, the address cut in the middle where it must be. */
function title(g: GaugeModel, pct: string, width: number): string {
  if (!g.subject) return `${fit(g.label, width - pct.length - 1)} ${pct}`;
  const head = `${g.short} ${pct} -> `;
  return head + fitMiddle(clean(g.subject), width - head.length);
}

/** One line per gauge, for narrow terminals. */
function compactLine(p: PanelInput, g: GaugeModel, width: number): string[] {
  const { pct, nums, ratio } = gaugeText(g);
  const detail = clean(g.detail);
  const rate = g.rate ? rateWords(g.rate) : [''];
  const texts = [`${g.label} ${nums} ${pct} ${detail}`, `${g.short} ${pct} ${nums} ${detail}`].flatMap((t) => rate.map((r) => (r ? `${t}  ${r}` : t)));
  return [tag(p.theme, toneOfRatio(ratio), firstFitting(texts, width))];
}

/** Title, bar and (with a rate) the rate line; `folded`: the label, percentage, bar and numbers on one line. */
function gaugeLines(p: PanelInput, g: GaugeModel, width: number, folded: boolean): string[] {
  const { pct, nums, ratio } = gaugeText(g);
  const tone = toneOfRatio(ratio);
  if (folded && ratio !== undefined) {
    const head = `${g.short} ${pct} `;
    const barWidth = width - head.length - nums.length - 1;
    return [tag(p.theme, tone, fit(barWidth >= MIN_SPARK ? `${head}${bar(ratio, barWidth, p.theme)} ${nums}` : `${head}${nums}`, width))];
  }
  const barWidth = Math.max(4, width - nums.length - 1);
  const second = ratio === undefined ? fit(clean(g.detail), width) : `${bar(ratio, barWidth, p.theme)} ${nums}`;
  const lines = [tag(p.theme, 'title', fit(title(g, pct, width), width)), tag(p.theme, tone, fit(second, width))];
  if (g.rate) lines.push(rateLine(p, g.rate, width));
  return lines;
}

function counterLine(r: RateModel, width: number): string {
  const v = rateText(r.perSec);
  return `${fit(r.label, width - v.length - 1)} ${v}`;
}

export function side(p: PanelInput): string {
  const { width, height } = p.layout.side;
  const gauges = p.vm.gauges;
  const compact = height < 2 * gauges.length + 3;
  const lines: string[] = [];
  if (compact) {
    for (const g of gauges) lines.push(...compactLine(p, g, width));
    const inline = p.vm.rates.slice(0, 4).map((r) => `${r.label} ${rateText(r.perSec)}`);
    lines.push(tag(p.theme, undefined, fit(`per s: ${inline.join(', ')}`, width)));
    return lines.slice(0, height).join('\n');
  }
  // the gauges without a subject fold to one line where the counter rates would not all fit
  const full = gauges.reduce((n, g) => n + (g.rate ? 3 : 2), 0) + 1 + p.vm.rates.length;
  for (const g of gauges) lines.push(...gaugeLines(p, g, width, full > height && !g.subject));
  lines.push(tag(p.theme, 'title', fit('RATES per second', width)));
  for (const r of p.vm.rates.slice(0, Math.max(0, height - lines.length))) lines.push(tag(p.theme, undefined, fit(counterLine(r, width), width)));
  return lines.slice(0, height).join('\n');
}
