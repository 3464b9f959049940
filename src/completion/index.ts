import { bashCompletion } from './bash.js';
import { fishCompletion } from './fish.js';
import type { Shell } from './shells.js';
import { zshCompletion } from './zsh.js';

/** The completion script for a shell, from the commands and options in usage.ts. */
export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bashCompletion();
    case 'zsh':
      return zshCompletion();
    case 'fish':
      return fishCompletion();
    default:
      return shell satisfies never;
  }
}
