// The wording of listen failures, over error objects shaped as Node gives them: the resolver's
// (ENOTFOUND, EAI_AGAIN) cannot be produced here without looking up a name off this host.
import { describe, expect, it } from 'vitest';
import { listenError } from '../../src/serve/http.js';

/** An error as net.Server's 'error' event gives it for `syscall` failing with `code`. */
const nodeError = (code: string, syscall: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code, syscall, errno: -1 });

describe('listenError', () => {
  it.each([
    [
      { host: '127.0.0.1', port: 9929 },
      nodeError('EADDRINUSE', 'listen', 'listen EADDRINUSE: address already in use 127.0.0.1:9929'),
      "cannot listen on 127.0.0.1:9929: another process is listening there (EADDRINUSE); find it with ss -ltnp 'sport = :9929' or pick another --listen port",
    ],
    [
      { host: '127.0.0.1', port: 80 },
      nodeError('EACCES', 'listen', 'listen EACCES: permission denied 127.0.0.1:80'),
      'cannot listen on 127.0.0.1:80: permission denied (EACCES); ports below 1024 need root or CAP_NET_BIND_SERVICE, or pick a --listen port from 1024 up',
    ],
    // not the low-port rule: nothing to advise
    [{ host: '127.0.0.1', port: 9929 }, nodeError('EACCES', 'listen', 'listen EACCES: permission denied 127.0.0.1:9929'), 'cannot listen on 127.0.0.1:9929: permission denied (EACCES)'],
    [
      { host: '10.255.255.1', port: 9929 },
      nodeError('EADDRNOTAVAIL', 'listen', 'listen EADDRNOTAVAIL: address not available 10.255.255.1:9929'),
      'cannot listen on 10.255.255.1:9929: no local interface has that address (EADDRNOTAVAIL); ip -brief address lists them, or --listen :9929 for every address',
    ],
    [
      { host: 'nohost.invalid', port: 9929 },
      nodeError('ENOTFOUND', 'getaddrinfo', 'getaddrinfo ENOTFOUND nohost.invalid'),
      'cannot listen on nohost.invalid:9929: the host name does not resolve (ENOTFOUND); give an address instead (e.g. 127.0.0.1:9929)',
    ],
    [
      { host: 'nohost.invalid', port: 9929 },
      nodeError('EAI_AGAIN', 'getaddrinfo', 'getaddrinfo EAI_AGAIN nohost.invalid'),
      'cannot listen on nohost.invalid:9929: the host name does not resolve (EAI_AGAIN); give an address instead (e.g. 127.0.0.1:9929)',
    ],
    // any other code: Node's message, which names the call and the code; IPv6 in brackets
    [{ host: 'fe80::1', port: 9929 }, nodeError('EINVAL', 'listen', 'listen EINVAL: invalid argument fe80::1:9929'), 'cannot listen on [fe80::1]:9929: listen EINVAL: invalid argument fe80::1:9929'],
  ])('%j %s', (addr, err, message) => {
    const e = listenError(addr, err);
    expect([e.code, e.exitCode, e.message, e.cause]).toEqual(['ELISTEN', 1, message, err]);
  });
});
