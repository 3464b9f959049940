import type { ContainerRef, PodRef } from '../types.js';

/** Who a process belongs to, as its cgroup path says. */
export interface CgroupOwner {
  container?: ContainerRef;
  pod?: PodRef;
}

/** The runtimes' own short form of a container id. */
const short = (id: string) => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id);

/** systemd escapes unit names (`\x2d` for '-', systemd.unit(5)); machine names are read back unescaped. */
const unescapeUnit = (s: string) => s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * One path segment as a container, or undefined. The systemd cgroup driver names scopes
 * `RUNTIME-ID.scope` (docker-, cri-containerd-, crio-, libpod-; their conmon- scopes are the
 * runtime's monitor, not the container); cgroupfs puts Docker under /docker/ID; containerd 1.4
 * with the systemd driver on cgroup v1 wrote `SLICE:cri-containerd:ID`; systemd-machined
 * registers containers (systemd-nspawn) and VMs as machine-NAME.scope.
 */
function containerOf(segment: string, parent: string | undefined): ContainerRef | undefined {
  const scope = /^(docker|cri-containerd|crio|libpod)-([0-9a-f]{12,64})\.scope$/.exec(segment);
  if (scope) {
    const runtime = ({ docker: 'docker', 'cri-containerd': 'containerd', crio: 'cri-o', libpod: 'podman' } as const)[scope[1] as 'docker' | 'cri-containerd' | 'crio' | 'libpod'];
    return { runtime, id: short(scope[2] ?? '') };
  }
  const colon = /:cri-containerd:([0-9a-f]{12,64})$/.exec(segment);
  if (colon) return { runtime: 'containerd', id: short(colon[1] ?? '') };
  if (parent === 'docker' && /^[0-9a-f]{64}$/.test(segment)) return { runtime: 'docker', id: short(segment) };
  const machine = /^machine-(.+)\.scope$/.exec(segment);
  if (machine && parent === 'machine.slice') return { runtime: 'machined', id: unescapeUnit(machine[1] ?? '') };
  return undefined;
}

/**
 * The pod of a kubepods path: the systemd driver writes `kubepods-QOS-podUID.slice` (the UID's
 * dashes as underscores), cgroupfs `/kubepods/QOS/podUID` (Guaranteed pods sit right under
 * kubepods, without a QoS level).
 */
function podOf(segments: readonly string[]): { pod: PodRef; at: number } | undefined {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    const sd = /^kubepods(?:-(besteffort|burstable))?-pod([0-9a-f_]{32,36})\.slice(?::|$)/.exec(seg);
    const fs = /^pod([0-9a-f-]{32,36})$/.exec(seg);
    const uid = sd ? (sd[2] ?? '').replace(/_/g, '-') : fs && segments.slice(0, i).some((s) => s === 'kubepods') ? (fs[1] ?? '') : undefined;
    if (uid === undefined) continue;
    const qos = sd ? (sd[1] ?? 'guaranteed') : segments[i - 1] === 'besteffort' || segments[i - 1] === 'burstable' ? segments[i - 1] : 'guaranteed';
    return { pod: { uid, qos: qos as NonNullable<PodRef['qos']> }, at: i };
  }
  return undefined;
}

/** What one cgroup path says: the innermost container (docker in docker: the inner one) and the pod. */
function ownerOfPath(path: string): CgroupOwner {
  const segments = path.split('/').filter(Boolean);
  const pod = podOf(segments);
  let container: ContainerRef | undefined;
  segments.forEach((seg, i) => {
    container = containerOf(seg, segments[i - 1]) ?? container;
  });
  // cgroupfs kubepods: the container is a bare id under the pod, its runtime unnamed
  if (!container && pod) {
    const next = segments[pod.at + 1];
    if (next !== undefined && /^[0-9a-f]{64}$/.test(next)) container = { runtime: 'kubepods', id: short(next) };
  }
  return { ...(container ? { container } : {}), ...(pod ? { pod: pod.pod } : {}) };
}

/**
 * Parses /proc/PID/cgroup (`HIERARCHY:CONTROLLERS:PATH` per line; cgroup v2 is the one line
 * `0::PATH`, cgroup v1 one line per hierarchy, hybrid both) into the container and Kubernetes pod
 * the process runs in. The v2 line wins when it names one, then name=systemd, then any hierarchy;
 * a host process (every path `/`, or a session) has neither.
 */
export function parseCgroupOwner(text: string): CgroupOwner {
  const paths: Array<{ rank: number; path: string }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const rank = m[1] === '0' && m[2] === '' ? 0 : m[2] === 'name=systemd' ? 1 : 2;
    paths.push({ rank, path: m[3] ?? '' });
  }
  paths.sort((a, b) => a.rank - b.rank);
  for (const { path } of paths) {
    const owner = ownerOfPath(path);
    if (owner.container || owner.pod) return owner;
  }
  return {};
}

/** A namespace bind-mounted somewhere (`ip netns add` under /run/netns, CNI's cni-UUID, Docker's /run/docker/netns). */
export interface NetnsMount {
  inode: number;
  mountPoint: string;
}

/** mountinfo escapes space, tab, newline and backslash in paths as octal (\040, proc(5)). */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/**
 * The network namespaces bind-mounted in /proc/self/mountinfo: nsfs mounts whose root field is
 * `net:[INODE]` (proc(5): root, mount point, ..., then ` - FSTYPE`).
 */
export function parseNetnsMounts(text: string): NetnsMount[] {
  const out: NetnsMount[] = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (right === undefined || right.split(' ')[0] !== 'nsfs') continue;
    const f = (left ?? '').split(' ');
    const root = /^net:\[(\d+)\]$/.exec(f[3] ?? '');
    if (!root || f[4] === undefined) continue;
    out.push({ inode: Number(root[1]), mountPoint: unescapeMount(f[4]) });
  }
  return out;
}

/** The kubelet's pod log folders, `NAMESPACE_NAME_UID` (namespaces and names never hold '_'), as UID -> namespace/name. */
export function parsePodLogDirs(entries: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    const m = /^([a-z0-9-]+)_([a-z0-9.-]+)_([0-9a-f-]{36})$/.exec(e);
    if (m) out.set(m[3] ?? '', `${m[1]}/${m[2]}`);
  }
  return out;
}
