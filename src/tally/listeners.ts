/** The listening sockets' local ports, to tell an inbound connection from an outgoing one. */
export class Listeners {
  /** "addr port" of every listener; "* port" for wildcard ones */
  private readonly bound = new Set<string>();

  add(local: string, port: number): void {
    this.bound.add(isWildcard(local) ? `* ${port}` : `${local} ${port}`);
  }

  /** Whether a listener is bound to `port` on `local` or on every address. */
  has(local: string, port: number): boolean {
    return this.bound.has(`* ${port}`) || this.bound.has(`${local} ${port}`);
  }
}

function isWildcard(addr: string): boolean {
  return addr === '0.0.0.0' || addr === '::' || addr === '*';
}
