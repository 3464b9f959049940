/** A sample's limits as gauges: tw_buckets, and the busiest destination's ports with its rate. Pure. */
import { joinHostPort } from '../addr.js';
import type { Rates } from '../rates.js';
import { timewaitParts, timewaitSockets } from '../sample.js';
import type { Destination, Sample } from '../types.js';

/** What a destination is doing now, for the ports gauge's rate line. */
export interface GaugeRate {
  newPerSecond: number;
  /** null: its ports never run out at that rate */
  fullInSeconds: number | null;
  /** new connections in each of the last 60 s, oldest first (from the TIME_WAIT ages); empty when measured from deltas */
  perSecond: number[];
  /** host-wide closes per second the kernel kept out of TIME_WAIT (tcp_max_tw_buckets full): not in newPerSecond */
  overflowPerSecond?: number;
}

export interface GaugeModel {
  label: string;
  /** the label where a line has little room */
  short: string;
  used: number | undefined;
  limit: number | undefined;
  /** what the numbers are, or why one is missing */
  detail: string;
  /** what the gauge is about (the busiest destination), shown beside the percentage */
  subject?: string;
  rate?: GaugeRate;
}

/** A histogram of TIME_WAIT ages (index 0 the youngest) as connections per second, oldest first. */
function perSecondSeries(r: Rates | undefined): number[] {
  return r?.timeWaitAges ? [...r.timeWaitAges].reverse() : [];
}

function gaugeRate(d: Destination | undefined, host: Rates | undefined, overflowPerSecond: number | undefined): GaugeRate | undefined {
  const r = d?.rates;
  if (!r) return undefined;
  // the destination's own histogram; the host's where it has none (rates from deltas)
  const own = perSecondSeries(r);
  const overflow = overflowPerSecond !== undefined && overflowPerSecond > 0 ? { overflowPerSecond } : {};
  return { newPerSecond: r.newPerSecond, fullInSeconds: r.fullInSeconds, perSecond: own.length > 0 ? own : perSecondSeries(host), ...overflow };
}

/**
 * `twOverflowPerSecond`: TCPTimeWaitOverflow's rate across the newest samples. Rates come from
 * TIME_WAIT sockets, and at the bucket limit the kernel makes none: the closes it refused are
 * said beside the rate, or a destination at the limit would look idle.
 */
export function gauges(s: Sample | undefined, twOverflowPerSecond?: number): GaugeModel[] {
  if (!s) return [];
  const l = s.limits;
  const tw = s.sockstat.tw;
  const out: GaugeModel[] = [
    {
      label: 'TIME_WAIT / tw_buckets',
      short: 'TIME_WAIT',
      used: timewaitSockets(s),
      limit: l.tcp_max_tw_buckets,
      detail: l.tcp_max_tw_buckets === undefined ? 'tcp_max_tw_buckets unreadable' : tw !== undefined ? (timewaitParts(s) ?? 'sockstat tw (v4+v6)') : 'TIME_WAIT rows',
    },
  ];
  const usable = l.ephemeral_ports ?? (l.ip_local_port_range ? l.ip_local_port_range[1] - l.ip_local_port_range[0] + 1 : undefined);
  const busiest = s.destinations.reduce<Destination | undefined>((a, d) => (a === undefined || d.portsInUse > a.portsInUse ? d : a), undefined);
  const rate = gaugeRate(busiest, s.rates, twOverflowPerSecond);
  out.push({
    label: 'ports, busiest dest',
    short: 'ports',
    used: busiest?.portsInUse ?? 0,
    limit: usable,
    detail: busiest ? `-> ${joinHostPort(busiest.remote, busiest.remotePort)}` : usable === undefined ? 'ip_local_port_range unreadable' : 'no outgoing connections',
    ...(busiest ? { subject: joinHostPort(busiest.remote, busiest.remotePort) } : {}),
    ...(rate ? { rate } : {}),
  });
  return out;
}
