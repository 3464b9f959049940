/**
 * Parses `netsh int ipv4|ipv6 show dynamicport tcp`:
 *
 *     Protocol tcp Dynamic Port Range
 *     ---------------------------------
 *     Start Port      : 49152
 *     Number of Ports : 16384
 *
 * The labels are localized ("Port de démarrage", "Nombre de ports"), so the two numbers are taken
 * by position: the first `label : number` line is the start, the second the count.
 * Returns the inclusive range, or undefined when the text is not of that shape.
 */
export function parseNetshDynamicPort(text: string): [number, number] | undefined {
  const numbers: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /:\s*(\d+)\s*$/.exec(line);
    if (m) numbers.push(Number(m[1]));
  }
  if (numbers.length !== 2) return undefined;
  const [start, count] = numbers as [number, number];
  const end = start + count - 1;
  if (start < 1 || count < 1 || end > 65535) return undefined;
  return [start, end];
}
