import { TCP_STATES } from '../states.js';
import type { TcpRow } from '../types.js';

/**
 * Rows set aside until the destinations are listed, as five int32 columns in one growing typed
 * array: on a busy server these are most rows (every inbound connection), and a JS array of
 * references per row cost more in garbage collection than the parse itself. Text (addresses,
 * state names) is stored by its index in a table of the distinct values, which are few.
 */
export class LaterRows {
  private cols = new Int32Array(5 * 1024);
  private length = 0;
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  private lastRemote: string | undefined;
  private lastRemoteId = -1;
  private lastLocal: string | undefined;
  private lastLocalId = -1;

  /** `si`: the state's index in TCP_STATES, or -1 for another name (stored as -1 - its text's id) */
  push(r: TcpRow, si: number): void {
    if (this.length === this.cols.length) {
      const bigger = new Int32Array(this.cols.length * 2);
      bigger.set(this.cols);
      this.cols = bigger;
    }
    const c = this.cols;
    const n = this.length;
    // a row's local address is nearly always the last row's (a host has a few), its remote often
    if (r.remote !== this.lastRemote) {
      this.lastRemote = r.remote;
      this.lastRemoteId = this.id(r.remote);
    }
    if (r.local !== this.lastLocal) {
      this.lastLocal = r.local;
      this.lastLocalId = this.id(r.local);
    }
    c[n] = this.lastRemoteId;
    c[n + 1] = r.remotePort;
    c[n + 2] = this.lastLocalId;
    c[n + 3] = r.localPort;
    c[n + 4] = si >= 0 ? si : -1 - this.id(r.state);
    this.length = n + 5;
  }

  forEach(each: (remote: string, remotePort: number, local: string, localPort: number, state: string) => void): void {
    const c = this.cols;
    const t = this.texts;
    for (let i = 0; i < this.length; i += 5) {
      const si = c[i + 4] as number;
      const state = si >= 0 ? (TCP_STATES[si] as string) : (t[-1 - si] as string);
      each(t[c[i] as number] as string, c[i + 1] as number, t[c[i + 2] as number] as string, c[i + 3] as number, state);
    }
  }

  clear(): void {
    this.cols = new Int32Array(5 * 1024);
    this.length = 0;
    this.ids.clear();
    this.texts.length = 0;
    this.lastRemote = this.lastLocal = undefined;
  }

  private id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.ids.set(text, id);
    }
    return id;
  }
}
