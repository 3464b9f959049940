import { decodeCodePage, parseChcp } from '../parse/decode.js';
import { parseNetshDynamicPort } from '../parse/netsh-dynamicport.js';
import { parseRegDword } from '../parse/reg-query.js';
import { usableEphemeralPorts } from '../parse/sysctl.js';
import type { Limits } from '../types.js';
import { runCommand } from './run-command.js';

export type WindowsCommand = 'netstat' | 'netsh' | 'reg' | 'chcp';

const TCPIP_PARAMETERS = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';

/**
 * TIME_WAIT when TcpTimedWaitDelay is not set: 0x78 = 120 s (KB 314053; Microsoft's BizTalk
 * network tuning guide for Server 2008+). The Windows 10-era port exhaustion guide says
 * "4 minutes (default)" and KB 314053 gives 240 s for Windows 2000 and the IPv6 stack, so the
 * assumption is reported with the sample.
 */
export const DEFAULT_TIME_WAIT_SECONDS = 120;
/** Before Vista the ephemeral range was 1025..MaxUserPort (KB 929851). */
const PRE_VISTA_FIRST = 1025;

/** What the Windows limit commands said; undefined where a command failed or printed nothing usable. */
export interface WindowsLimitFacts {
  ipv4Range?: [number, number] | undefined;
  ipv6Range?: [number, number] | undefined;
  timedWaitDelay?: number | undefined;
  maxUserPort?: number | undefined;
}

/**
 * Limits from what the commands said (pure), with a warning wherever a default stands in. Without
 * a netsh range or a MaxUserPort the range is left unknown, never guessed: netsh may just have
 * been too slow on a machine whose range was changed.
 */
export function windowsLimits(f: WindowsLimitFacts, warnings: string[]): Limits {
  const limits: Limits = {};
  let range = f.ipv4Range;
  if (!range && f.maxUserPort !== undefined) {
    range = [PRE_VISTA_FIRST, f.maxUserPort];
    warnings.push(`no dynamic port range from netsh: using ${PRE_VISTA_FIRST}-${f.maxUserPort} from MaxUserPort (pre-Vista)`);
  }
  if (range) {
    limits.ip_local_port_range = range;
    limits.ephemeral_ports = usableEphemeralPorts(range, []);
    if (f.ipv6Range && (f.ipv6Range[0] !== range[0] || f.ipv6Range[1] !== range[1])) {
      warnings.push(`the IPv6 dynamic port range ${f.ipv6Range[0]}-${f.ipv6Range[1]} differs from the IPv4 one ${range[0]}-${range[1]} shown`);
    }
  } else {
    warnings.push('no dynamic port range from netsh and no MaxUserPort: ephemeral port range unknown');
  }
  if (f.timedWaitDelay !== undefined) {
    limits.time_wait_seconds = f.timedWaitDelay;
  } else {
    limits.time_wait_seconds = DEFAULT_TIME_WAIT_SECONDS;
    warnings.push(`TcpTimedWaitDelay is not set: TIME_WAIT lasts the OS default, ${DEFAULT_TIME_WAIT_SECONDS} s assumed (documented as 120 s; some Microsoft guides say 240 s)`);
  }
  return limits;
}

export interface WindowsInfo {
  codePage: number | undefined;
  limits: Limits;
  warnings: string[];
}

/** Runs chcp, netsh and reg (in parallel) for the code page and the limits. Never throws. */
export async function readWindowsInfo(cmd: (name: WindowsCommand) => string, timeoutMs: number): Promise<WindowsInfo> {
  const warnings: string[] = [];
  const text = async (name: WindowsCommand, args: string[], ok?: number[]): Promise<string | undefined> => {
    try {
      return decodeCodePage((await runCommand(cmd(name), args, timeoutMs, ok)).stdout, undefined);
    } catch (err) {
      warnings.push((err as Error).message);
      return undefined;
    }
  };
  const dword = async (name: string): Promise<number | undefined> => {
    // reg exits 1 when the value is absent: that is an answer (the default applies), not a failure
    const out = await text('reg', ['query', TCPIP_PARAMETERS, '/v', name], [0, 1]);
    return out === undefined ? undefined : parseRegDword(out, name);
  };
  const netsh = async (family: 'ipv4' | 'ipv6'): Promise<[number, number] | undefined> => {
    const out = await text('netsh', ['interface', family, 'show', 'dynamicport', 'tcp']);
    const range = out === undefined ? undefined : parseNetshDynamicPort(out);
    if (out !== undefined && !range) warnings.push(`netsh ${family} dynamicport: unreadable output ${JSON.stringify(out.trim().slice(0, 80))}`);
    return range;
  };
  const [chcp, ipv4Range, ipv6Range, timedWaitDelay] = await Promise.all([text('chcp', []), netsh('ipv4'), netsh('ipv6'), dword('TcpTimedWaitDelay')]);
  const maxUserPort = ipv4Range ? undefined : await dword('MaxUserPort');
  const codePage = chcp === undefined ? undefined : parseChcp(chcp);
  const limits = windowsLimits({ ipv4Range, ipv6Range, timedWaitDelay, maxUserPort }, warnings);
  return { codePage, limits, warnings };
}
