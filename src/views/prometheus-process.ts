import type { MetricSink } from './exposition.js';

/** The exporter process as client_golang's process collector reports it (read by serve/process-stats.ts). */
export interface ProcessStats {
  cpuSeconds: number;
  residentBytes: number;
  virtualBytes: number | undefined;
  openFds: number | undefined;
  maxFds: number | undefined;
  startTimeSeconds: number;
}

/** What tcpwatch_build_info labels: the version and Node.js running. */
export interface BuildInfo {
  version: string;
  node: string;
}

/** The standard process_* metrics, named and described as client_golang does, so dashboards of any exporter's budget work. */
export function addProcessMetrics(m: MetricSink, p: ProcessStats): void {
  m.add('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter', p.cpuSeconds);
  m.add('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', p.residentBytes);
  m.add('process_virtual_memory_bytes', 'Virtual memory size in bytes.', 'gauge', p.virtualBytes);
  m.add('process_open_fds', 'Number of open file descriptors.', 'gauge', p.openFds);
  m.add('process_max_fds', 'Maximum number of open file descriptors.', 'gauge', p.maxFds);
  m.add('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', 'gauge', p.startTimeSeconds);
}

/** tcpwatch_build_info, as node_exporter_build_info: constant 1, the facts in labels. */
export function addBuildInfo(m: MetricSink, b: BuildInfo, source: string | undefined): void {
  m.add('tcpwatch_build_info', 'A metric with a constant 1 value labeled by the tcpwatch version, the Node.js version and the TCP table source in use.', 'gauge', 1, [
    ['version', b.version],
    ['node', b.node],
    ['source', source ?? 'none'],
  ]);
}
