/** The side panel: a gauge per limit, then the counter rates. */
import { percent, thousands } from '../../format.js';
import type { GaugeModel, RateModel } from '../model.js';
import { clean, fit, tag, type Theme } from '../text.js';
import type { PanelInput } from './input.js';
import { rateText, toneOfRatio } from './values.js';

function bar(ratio: number, width: number, t: Theme): string {
  const inner = Math.max(0, width - 2);
  const n = Math.min(inner, Math.round(Math.min(1, Math.max(0, ratio)) * inner));
  const [on, off] = t.ascii ? ['#', '.'] : ['█', '░'];
  return `[${on.repeat(n)}${off.repeat(inner - n)}]`;
}

function gaugeLines(p: PanelInput, g: GaugeModel, width: number, compact: boolean): string[] {
  const ratio = g.used !== undefined && g.limit !== undefined && g.limit > 0 ? g.used / g.limit : undefined;
  const pct = ratio === undefined ? 'n/a' : percent(g.used ?? 0, g.limit ?? 0);
  const nums = g.used === undefined ? '-' : g.limit === undefined ? thousands(g.used) : `${thousands(g.used)}/${thousands(g.limit)}`;
  const tone = toneOfRatio(ratio);
  if (compact) return [tag(p.theme, tone, fit(`${g.label} ${nums} ${pct} ${clean(g.detail)}`, width))];
  const top = `${fit(g.label, width - pct.length - 1)} ${pct}`;
  const barWidth = Math.max(4, width - nums.length - 1);
  const second = ratio === undefined ? fit(clean(g.detail), width) : `${bar(ratio, barWidth, p.theme)} ${nums}`;
  return [tag(p.theme, 'title', fit(top, width)), tag(p.theme, tone, fit(second, width))];
}

function rateLine(r: RateModel, width: number): string {
  const v = rateText(r.perSec);
  return `${fit(r.label, width - v.length - 1)} ${v}`;
}

export function side(p: PanelInput): string {
  const { width, height } = p.layout.side;
  const compact = height < 2 * p.vm.gauges.length + 3;
  const lines: string[] = [];
  for (const g of p.vm.gauges) lines.push(...gaugeLines(p, g, width, compact));
  if (compact) {
    const inline = p.vm.rates.slice(0, 4).map((r) => `${r.label} ${rateText(r.perSec)}`);
    lines.push(tag(p.theme, undefined, fit(`per s: ${inline.join(', ')}`, width)));
  } else {
    lines.push(tag(p.theme, 'title', fit('RATES per second', width)));
    for (const r of p.vm.rates.slice(0, Math.max(0, height - lines.length))) lines.push(tag(p.theme, undefined, fit(rateLine(r, width), width)));
  }
  return lines.slice(0, height).join('\n');
}
