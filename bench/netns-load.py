# Socket load in network namespaces, for bench/all-netns.mjs (root).
# usage: python3 bench/netns-load.py [--ipv6 SHARE] SOCKETS_EACH NAME...
# Enters each /run/netns/NAME (made by the caller) with setns() (sockets stay in the namespace
# they were made in) and builds SOCKETS_EACH sockets there: ~74 % ESTABLISHED pairs over
# loopback, ~26 % client-side TIME_WAIT, one listener per 20,000 sockets; with --ipv6 SHARE
# (0..1) that share of the connections goes to a listener on ::1 instead (dual-stack). Prints "ready" once
# all are built, then holds them until stdin closes. The held ends need a descriptor each:
# the caller spreads a load over several of these processes to stay under RLIMIT_NOFILE.
import ctypes
import os
import resource
import socket
import sys

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def enter(name):
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name}")
    finally:
        os.close(fd)


def build(each, ipv6):
    per_listener = 20_000
    held = []
    six = None
    if ipv6 > 0:
        six = socket.socket(socket.AF_INET6)
        six.bind(("::1", 0))
        six.listen(4096)
        held.append(six)
    est_pairs = int(each * 0.37)
    timewait = each - 2 * est_pairs - 1
    listeners = []
    for _ in range(max(1, -(-each // per_listener))):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(4096)
        listeners.append(s)
    # the first listener counts as the one listener of the plan; any others replace TIME_WAIT
    timewait -= len(listeners) - 1
    held.extend(listeners)
    n = 0
    for i in range(est_pairs + timewait):
        lst = listeners[(i // per_listener) % len(listeners)]
        if six is not None and int((i + 1) * ipv6) > int(i * ipv6):  # SHARE of them, evenly spread
            lst = six
        c = socket.create_connection(lst.getsockname()[:2])
        a, _ = lst.accept()
        if i < est_pairs:
            held += [c, a]
        else:
            c.close()  # client first: its side lingers in TIME_WAIT
            a.close()
        n += 1
    return held


def main():
    args = sys.argv[1:]
    ipv6 = 0.0
    if args[:1] == ["--ipv6"]:
        ipv6, args = float(args[1]), args[2:]
    each, names = int(args[0]), args[1:]
    if not (1 <= each <= 150_000 and 1 <= len(names) <= 200 and 0 <= ipv6 <= 1):
        sys.exit("SOCKETS_EACH must be 1..150000, 1..200 names, and --ipv6 0..1")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = int(each * 0.75) * len(names) + 100
    if need > hard:
        sys.exit(f"needs {need} descriptors, RLIMIT_NOFILE allows {hard}: split the load")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, need), hard))
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    held = []
    for name in names:
        enter(name)
        held.append(build(each, ipv6))
        libc.setns(home, CLONE_NEWNET)
    print("ready", flush=True)
    sys.stdin.read()


main()
