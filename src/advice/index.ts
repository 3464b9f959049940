import type { Alert, Sample } from '../types.js';
import { platformOf, type Platform } from '../platform.js';
import { DARWIN_REMEDIES, MYTHS, REMEDIES, TIME_WAIT_FACTS, WINDOWS_MYTHS, WINDOWS_REMEDIES, type Fact, type Myth, type Remedy } from './facts.js';
import { settingsAdvice, type SettingAdvice } from './settings.js';

export interface MythInForce extends Myth {
  /** the current value of the setting the myth is about, when the sample carries it */
  current?: string;
  /** whether the myth's setting is in force here */
  inForce: boolean;
}

export interface Advice {
  platform: Platform;
  kernel: string | undefined;
  timeWait: Fact[];
  settings: SettingAdvice[];
  remedies: Remedy[];
  myths: MythInForce[];
  /** the alerts in force, each with its own remedy */
  alerts: Alert[];
}

/** Everything the advisor says about one sample (and the alerts on it). */
export function advise(sample: Sample, alerts: Alert[] = []): Advice {
  const platform = platformOf(sample.source);
  const settings = settingsAdvice(sample);
  // the sysctl myths are Linux's; on other systems their names mean nothing
  const mythList = platform === 'linux' ? MYTHS : platform === 'windows' ? WINDOWS_MYTHS : [];
  const myths = mythList.map((m): MythInForce => {
    const s = settings.find((x) => x.name.endsWith(`.${m.name}`));
    return { ...m, inForce: s?.verdict === 'myth', ...(s ? { current: s.value } : {}) };
  });
  const seconds = sample.limits.time_wait_seconds;
  // a capture from another OS (Windows TcpTimedWaitDelay, BSD 2*MSL): Linux's fixed 60 s does not apply
  const timeWait = seconds !== undefined && seconds !== 60 ? [TIME_WAIT_FACTS[0] as Fact, { text: `TIME_WAIT lasts ${seconds} s on the sampled system.`, source: 'the sample' }] : TIME_WAIT_FACTS;
  const remedies = platform === 'linux' ? REMEDIES : platform === 'windows' ? WINDOWS_REMEDIES : DARWIN_REMEDIES;
  return { platform, kernel: sample.kernel, timeWait, settings, remedies, myths, alerts };
}

/**
 * The advisor as lines of text, unwrapped (the TUI panel and `tcpwatch advise` wrap them to their
 * width). Sections start with an upper-case title line.
 */
export function adviceText(a: Advice): string[] {
  const out: string[] = [];
  if (a.alerts.length > 0) {
    out.push('NOW');
    for (const al of a.alerts) out.push(`  ${al.level.toUpperCase()} ${al.rule}: ${al.message}`, `    fix: ${al.remedy}`);
    out.push('');
  }
  out.push(`SETTINGS IN FORCE${a.kernel ? ` (Linux ${a.kernel})` : ''}`);
  if (a.settings.length === 0) out.push('  (this sample carries no kernel settings)');
  for (const s of a.settings) {
    const mark = s.verdict === 'myth' ? ' << tuning myth in force' : s.verdict === 'change' ? ' << change' : '';
    out.push(`  ${s.name} = ${s.value}${mark}`, `    ${s.text}`, `    source: ${s.source}`);
  }
  out.push('', 'TIME_WAIT');
  for (const f of a.timeWait) out.push(`  ${f.text}`, `    source: ${f.source}`);
  out.push('', 'WHAT WORKS');
  for (const r of a.remedies) out.push(`  ${r.name}: ${r.text}`, `    source: ${r.source}`);
  out.push('', 'MYTHS');
  if (a.myths.length === 0) out.push('  The Linux sysctl myths (tcp_tw_recycle, tcp_fin_timeout, a low tcp_max_tw_buckets) do not apply to this system.');
  for (const m of a.myths) {
    const here = m.inForce ? `  << IN FORCE HERE (${m.current})` : m.current !== undefined ? `  (here: ${m.current})` : '';
    out.push(`  "${m.claim}"${here}`, `    ${m.truth}`, `    source: ${m.source}`);
  }
  return out;
}
