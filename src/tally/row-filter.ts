/** The one predicate the sample path applies to each row before tallying (sample.ts). */
import { canonicalAddress } from '../addr.js';
import { TCP_STATES } from '../states.js';
import type { TcpRow } from '../types.js';
import type { Endpoint, RowFilterSpec } from './filter-spec.js';

export type { RowFilterSpec } from './filter-spec.js';

/** An endpoint with its address as rows spell it (`::ffff:1.2.3.4` is `1.2.3.4`, IPv6 compressed). */
const canonical = (e: Endpoint | undefined): Endpoint | undefined => (e?.addr === undefined ? e : { ...e, addr: canonicalAddress(e.addr) ?? e.addr });

const matches = (e: Endpoint, addr: string, port: number) => (e.addr === undefined || e.addr === addr) && (e.port === undefined || e.port === port);

/** The predicate of a spec; undefined when it keeps every row, so the unfiltered path pays nothing. */
export function rowPredicate(spec: RowFilterSpec | undefined): ((r: TcpRow) => boolean) | undefined {
  if (!spec) return undefined;
  const { port, family } = spec;
  const src = canonical(spec.src);
  const dst = canonical(spec.dst);
  const states = spec.states && spec.states.length < TCP_STATES.length ? new Set<string>(spec.states) : undefined;
  if (port === undefined && !src && !dst && !states && family === undefined) return undefined;
  return (r) =>
    (family === undefined || r.family === family) &&
    (states === undefined || states.has(r.state)) &&
    (port === undefined || r.localPort === port || r.remotePort === port) &&
    (src === undefined || matches(src, r.local, r.localPort)) &&
    (dst === undefined || matches(dst, r.remote, r.remotePort));
}
