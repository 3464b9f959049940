import type { Pending } from '../../rules/engine.js';
import type { AlertLog } from '../alert-log.js';
import type { Layout } from '../layout.js';
import type { UiState, ViewModel } from '../model.js';
import type { Theme } from '../text.js';

/** Everything the panels are drawn from. */
export interface PanelInput {
  vm: ViewModel;
  layout: Layout;
  ui: UiState;
  log: AlertLog;
  /** worse levels the newest samples showed, not yet confirmed (the strip's "judging") */
  pending?: readonly Pending[];
  advice: readonly string[];
  theme: Theme;
  /** a message from outside the screen (e.g. a failing --on-alert hook), shown for a while */
  notice?: string | undefined;
  /** --all-netns: the footer lists N (back to the namespaces list) */
  netns?: boolean;
}
