/** Counts state names no map knows, so a parser can report them instead of dropping the rows. */
export class UnknownStates {
  private readonly seen = new Map<string, number>();

  add(name: string): void {
    this.seen.set(name, (this.seen.get(name) ?? 0) + 1);
  }

  /** One warning naming each unknown state and how many rows had it; none when all were known. */
  warnings(): string[] {
    if (this.seen.size === 0) return [];
    const list = [...this.seen].map(([name, n]) => `${JSON.stringify(name)} (${n})`).join(', ');
    return [`unknown state name(s) counted under their own names: ${list}`];
  }
}
