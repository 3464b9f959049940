/** Whether live mode draws the TUI or streams plain lines. Pure. */

/**
 * The TUI needs a terminal that can address the cursor: stdout a TTY, not TERM=dumb (or unset,
 * as under some cron and CI runners). Everything else gets one plain line per tick.
 */
export function wantsTui(stdoutIsTty: boolean, json: boolean, term: string | undefined): boolean {
  return stdoutIsTty && !json && term !== undefined && term !== '' && term !== 'dumb';
}
