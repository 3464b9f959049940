import type { Sample } from '../types.js';
import { sampleLinux } from './linux.js';

export interface SourceOptions {
  procRoot?: string | undefined;
  topDestinations?: number | undefined;
  /** read the network namespace of this process (/proc/PID/net) */
  pid?: number | undefined;
}

/** A function that takes one sample of this machine, chosen for the platform. */
export type SampleFn = () => Promise<Sample>;

export function createSource(opts: SourceOptions): SampleFn {
  const linux = {
    ...(opts.procRoot !== undefined ? { procRoot: opts.procRoot } : {}),
    ...(opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {}),
    ...(opts.pid !== undefined ? { pid: opts.pid } : {}),
  };
  return () => sampleLinux(linux);
}
