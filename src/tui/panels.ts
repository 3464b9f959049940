/** View model + geometry -> the text of every panel (blessed tags for tone). Pure; one module per panel group in panels/. */
import type { FocusPanel } from './model.js';
import { helpText, smallNotice } from './panels/help.js';
import type { PanelInput } from './panels/input.js';
import { side } from './panels/side.js';
import { strip } from './panels/alert-strip.js';
import { footer, header } from './panels/status-lines.js';
import { destinations, states } from './panels/tables.js';
import { advisor, alertLog } from './panels/text-panels.js';

export { glanceOf } from './panels/alert-strip.js';
export { HELP_SIZE } from './panels/help.js';
export type { PanelInput } from './panels/input.js';
export { chartHeading } from './panels/status-lines.js';

export interface PanelText {
  header: string;
  strip: string;
  states: string;
  side: string;
  destinations: string;
  advisor: string | undefined;
  alertLog: string | undefined;
  /** --all-netns: the namespaces list, when it is on screen */
  namespaces?: string | undefined;
  footer: string;
  help: string | undefined;
  /** instead of the panels, on a terminal below the minimum size */
  small: string | undefined;
  /** the first row each shown scrollable panel starts at: the caller keeps it, so a key never scrolls past the end */
  scroll: Partial<Record<FocusPanel, number>>;
}

export function renderPanels(p: PanelInput): PanelText {
  const dest = destinations(p);
  const adv = advisor(p);
  const alerts = alertLog(p);
  return {
    header: header(p),
    strip: strip(p),
    states: states(p),
    side: side(p),
    destinations: dest.text,
    advisor: adv?.text,
    alertLog: alerts?.text,
    scroll: {
      ...(p.layout.destinations.height > 0 ? { destinations: dest.first } : {}),
      ...(adv ? { advisor: adv.first } : {}),
      ...(alerts ? { alerts: alerts.first } : {}),
    },
    footer: footer(p),
    help: p.ui.help ? helpText(p.theme) : undefined,
    small: p.layout.tooSmall ? smallNotice(p.layout) : undefined,
  };
}
