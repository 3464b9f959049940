import type { Sample } from '../types.js';
import { createDarwinSource, type DarwinSourceOptions } from './darwin.js';
import { sampleLinux } from './linux.js';
import type { SourceName } from './names.js';
import { createWindowsSource, type WindowsSourceOptions } from './windows.js';

export interface SourceOptions {
  /** default auto: by process.platform (a --proc-root means Linux wherever we run) */
  source?: SourceName | undefined;
  procRoot?: string | undefined;
  topDestinations?: number | undefined;
  /** programs to run instead of netstat, netsh, ... (tests point these at stand-ins) */
  commands?: (WindowsSourceOptions['commands'] & DarwinSourceOptions['commands']) | undefined;
  timeoutMs?: number | undefined;
  platform?: NodeJS.Platform;
}

/** A function that takes one sample of this machine, chosen for the platform. */
export type SampleFn = () => Promise<Sample>;

/** The concrete source `auto` stands for on a platform; BSDs print netstat the macOS way. */
export function resolveSource(name: SourceName, platform: NodeJS.Platform, procRoot?: string): Exclude<SourceName, 'auto'> {
  if (name !== 'auto') return name;
  if (procRoot !== undefined) return 'linux';
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') return 'darwin';
  return 'linux';
}

export function createSource(opts: SourceOptions): SampleFn {
  const top = opts.topDestinations !== undefined ? { topDestinations: opts.topDestinations } : {};
  const kind = resolveSource(opts.source ?? 'auto', opts.platform ?? process.platform, opts.procRoot);
  switch (kind) {
    case 'windows':
      return createWindowsSource({ commands: opts.commands, timeoutMs: opts.timeoutMs, ...top });
    case 'darwin':
      return createDarwinSource({ commands: opts.commands, timeoutMs: opts.timeoutMs, ...top });
    case 'linux': {
      const linux = { ...(opts.procRoot !== undefined ? { procRoot: opts.procRoot } : {}), ...top };
      return () => sampleLinux(linux);
    }
    default:
      return kind satisfies never;
  }
}
