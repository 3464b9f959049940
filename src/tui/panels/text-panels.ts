/** The panels of wrapped text: the advisor (or the processes) and the alert log. */
import type { Rect } from '../layout.js';
import { clean, fit, tag } from '../text.js';
import type { PanelInput } from './input.js';
import { wrap } from '../../wrap.js';
import { clampScroll, type Scrolled } from './scrolled.js';
import { eventText, toneOfLevel } from './values.js';

function scrolledPanel(p: PanelInput, r: Rect, title: string, focused: boolean, body: string[], offset: number): Scrolled {
  const visible = Math.max(0, r.height - 1);
  const first = clampScroll(offset, body.length, visible);
  const more = body.length > visible ? `  ${first + 1}-${Math.min(body.length, first + visible)} of ${body.length}` : '';
  const lines = [tag(p.theme, focused ? 'focus' : 'title', fit(`${focused ? '>' : ' '}${title}${more}`, r.width))];
  for (const b of body.slice(first, first + visible)) lines.push(b);
  return { text: lines.join('\n'), first };
}

export function advisor(p: PanelInput): Scrolled | undefined {
  const r = p.layout.advisor;
  if (!r) return undefined;
  const body = p.advice.flatMap((a) => wrap(clean(a), r.width - 2).map((l) => tag(p.theme, undefined, fit(`  ${l}`, r.width))));
  return scrolledPanel(p, r, p.ui.processes ? 'PROCESSES  (P: close)' : 'ADVISOR  (A: close)', p.ui.focus === 'advisor', body, p.ui.scroll.advisor);
}

export function alertLog(p: PanelInput): Scrolled | undefined {
  const r = p.layout.alertLog;
  if (!r) return undefined;
  const events = [...p.log.events].reverse();
  // each event wrapped whole (messages are long; 80 columns must still read them), continued indented
  const body =
    events.length === 0
      ? [fit('  no alerts raised or cleared yet', r.width)]
      : events.flatMap((e) => {
          const tone = e.kind === 'cleared' ? undefined : toneOfLevel(e.level);
          const lines = wrap(clean(eventText(e)), Math.max(1, r.width - 4)).map((l, i) => tag(p.theme, tone, fit(`${i === 0 ? '  ' : '    '}${l}`, r.width)));
          // what to do goes under the entry that raised it
          if (e.kind !== 'raised') return lines;
          const todo = [...(e.fix !== undefined ? [`fix: ${e.fix}`] : []), `remedy: ${e.remedy}`];
          return [...lines, ...todo.flatMap((t) => wrap(clean(t), Math.max(1, r.width - 6)).map((l, i) => tag(p.theme, undefined, fit(`${i === 0 ? '    ' : '      '}${l}`, r.width))))];
        });
  return scrolledPanel(p, r, 'ALERT LOG (newest first)', p.ui.focus === 'alerts', body, p.ui.scroll.alerts);
}
