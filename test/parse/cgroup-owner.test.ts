import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCgroupOwner, parseNetnsMounts, parsePodLogDirs } from '../../src/parse/cgroup-owner.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/linux/${name}`, import.meta.url), 'utf8');

describe('parseCgroupOwner: real /proc/PID/cgroup contents (fixtures/README.md)', () => {
  it.each([
    ['docker-v1-cgroupfs.txt', { container: { runtime: 'docker', id: '31cb02944da7' } }],
    ['docker-v1-systemd.txt', { container: { runtime: 'docker', id: '9ec39b91f3d7' } }],
    ['kubepods-v1-cgroupfs-containerd.txt', { container: { runtime: 'kubepods', id: '5dd96d5394ca' }, pod: { uid: 'a36d0c1d-0b26-4451-8d80-9c195e004afa', qos: 'besteffort' } }],
    ['kubepods-v1-systemd-docker.txt', { container: { runtime: 'docker', id: 'b5b6f2da8008' }, pod: { uid: '045b1e35-7f13-11e7-ac42-0050568ffca0', qos: 'besteffort' } }],
    ['kubepods-hybrid-cri-containerd.txt', { container: { runtime: 'containerd', id: 'f45298cd514d' }, pod: { uid: 'dd1bf9d1-241d-47f5-8e25-12de83135812', qos: 'besteffort' } }],
    ['kubepods-v1-crio.txt', { container: { runtime: 'cri-o', id: 'd6d725b909f3' }, pod: { uid: '8ca306fa-3c03-47fa-97dd-19979c345572', qos: 'besteffort' } }],
    ['podman-v2.txt', { container: { runtime: 'podman', id: 'cf21d19260ac' } }],
    ['machined-v2.txt', { container: { runtime: 'machined', id: 'qemu-18-Droplet-7572850' } }],
    ['host-v1.txt', {}],
  ])('%s', (file, want) => {
    expect(parseCgroupOwner(fixture(`cgroup/${file}`))).toEqual(want);
  });

  it('a cgroup v2 host process, a login session and garbage name nothing', () => {
    expect(parseCgroupOwner('0::/\n')).toEqual({});
    expect(parseCgroupOwner('0::/user.slice/user-1000.slice/session-2.scope\n')).toEqual({});
    expect(parseCgroupOwner('not a cgroup line\n\n')).toEqual({});
  });

  it("a scope's conmon monitor is not the container", () => {
    expect(parseCgroupOwner('0::/machine.slice/libpod-conmon-cf21d19260ace8544fe8b769fc2638bf2c0873dfbfff0b6253f0569b26a1d5eb.scope\n')).toEqual({});
  });
});

describe('parseNetnsMounts: /proc/self/mountinfo (fixtures/linux/netns)', () => {
  it('finds each ip-netns namespace with the inode stat shows for it', () => {
    const mounts = parseNetnsMounts(fixture('netns/mountinfo-nsfs.txt'));
    const inodes = fixture('netns/inodes.txt')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    expect(mounts).toHaveLength(2);
    expect(mounts).toEqual(inodes.map(([name, ino]) => ({ inode: Number(ino), mountPoint: `/run/netns/${name}` })));
  });

  it('skips other filesystems and other namespace types, and unescapes paths', () => {
    const text = ['25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw', '47 45 0:4 mnt:[4026531841] /run/x rw - nsfs nsfs rw', '48 45 0:4 net:[4026532304] /run/netns/with\\040space rw shared:4 - nsfs nsfs rw'].join('\n');
    expect(parseNetnsMounts(text)).toEqual([{ inode: 4026532304, mountPoint: '/run/netns/with space' }]);
  });
});

describe('parsePodLogDirs', () => {
  it('maps pod UIDs to namespace/name and ignores anything else', () => {
    const m = parsePodLogDirs(['kube-system_coredns-5d78c9869d-8xv2k_0c3e7d8a-0f4b-4a35-9a43-2d1c6f0a9e11', 'README', 'x_y']);
    expect([...m]).toEqual([['0c3e7d8a-0f4b-4a35-9a43-2d1c6f0a9e11', 'kube-system/coredns-5d78c9869d-8xv2k']]);
  });
});
