// Synthetic /proc/net/tcp and /proc/net/tcp6 text for the parser benchmark: rows in the kernel's
// exact layouts (full sockets, timewait and request socks; v4 padded to 149 columns, v6 not; see
// fixtures/linux/states for the real capture they copy), with a seeded mix of states and
// addresses, so a run is repeatable. The generator counts what it wrote: that is the ground truth
// a parser's counts are checked against.
//
//   node bench/synth.js DIR ROWS     writes DIR/tcp and DIR/tcp6, prints the expected counts
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const V4_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const V6_HEADER = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const V4_WIDTH = 149; // seq_setwidth(TMPSZ - 1) in net/ipv4/tcp_ipv4.c

/** Share of the non-listener rows per state (code as the kernel prints it), roughly a busy proxy. */
const MIX = [
  ['ESTABLISHED', 0x01, 0.7],
  ['TIME_WAIT', 0x06, 0.25],
  ['CLOSE_WAIT', 0x08, 0.02],
  ['FIN_WAIT2', 0x05, 0.01],
  ['SYN_SENT', 0x02, 0.005],
  ['SYN_RECV', 0x03, 0.005],
  ['FIN_WAIT1', 0x04, 0.004],
  ['LAST_ACK', 0x09, 0.004],
  ['CLOSING', 0x0b, 0.002],
];

/** Small fast seeded PRNG (mulberry32): the same seed gives the same file. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n, w) => n.toString(16).toUpperCase().padStart(w, '0');
/** IPv4 a.b.c.d as /proc prints it on a little-endian host: the bytes reversed. */
const v4 = (a, b, c, d) => hex(((d << 24) | (c << 16) | (b << 8) | a) >>> 0, 8);
/** An IPv6 address from 16 bytes, each 32-bit word printed host-endian. */
function v6(bytes) {
  let s = '';
  for (let w = 0; w < 16; w += 4) s += hex(((bytes[w + 3] << 24) | (bytes[w + 2] << 16) | (bytes[w + 1] << 8) | bytes[w]) >>> 0, 8);
  return s;
}
const doc6 = (host) => v6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, (host >>> 24) & 0xff, (host >>> 16) & 0xff, (host >>> 8) & 0xff, host & 0xff]);
const mapped = (a, b, c, d) => v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d]);

const LOCAL4 = [v4(10, 0, 0, 5), v4(10, 0, 0, 6)];
const LOCAL6 = [doc6(5), mapped(10, 0, 0, 5)];
const SERVICE_PORTS = [80, 443];
const BACKEND_PORTS = [8080, 5432, 6379, 443];
const BACKENDS = 200;

function emptyCounts() {
  const c = {};
  for (const [name] of MIX) c[name] = 0;
  c.LISTEN = 0;
  return c;
}

/**
 * Makes `rows` rows (not counting the two headers) and hands the text to `sink(family, text)` in
 * chunks. Returns the counts it wrote: { states, ipv4, ipv6, bytes }.
 */
export function synthesize(rows, sink, { v6Share = 0.2, seed = 1 } = {}) {
  const rnd = prng(seed);
  const counts = { states: emptyCounts(), ipv4: emptyCounts(), ipv6: emptyCounts(), bytes: 0 };
  const buf = { 4: [], 6: [] };
  const sl = { 4: 0, 6: 0 };
  let inode = 100000;
  const flush = (fam) => {
    const text = buf[fam].join('');
    buf[fam] = [];
    counts.bytes += text.length;
    sink(fam, text);
  };
  const emit = (fam, state, body) => {
    const head = `${String(sl[fam]++).padStart(4)}: `;
    let line = head + body;
    if (fam === 4) line = line.padEnd(V4_WIDTH);
    buf[fam].push(line, '\n');
    if (buf[fam].length >= 8192) flush(fam);
    counts.states[state]++;
    counts[fam === 4 ? 'ipv4' : 'ipv6'][state]++;
  };
  const full = (st, txrx, timer, retr, ino, tail) => `${hex(st, 2)} ${txrx} ${timer} ${hex(retr, 8)}     0        0 ${ino} 1 0000000000000000 ${tail}`;
  const mini = (st, timer, ref) => `${hex(st, 2)} 00000000:00000000 ${timer} 00000000     0        0 0 ${ref} 0000000000000000`;

  buf[4].push(V4_HEADER.padEnd(V4_WIDTH), '\n');
  buf[6].push(V6_HEADER, '\n');
  // listeners come first in the kernel's listing
  const listeners = Math.min(rows, 24);
  for (let i = 0; i < listeners; i++) {
    const fam = i % 3 === 2 ? 6 : 4;
    const port = hex(SERVICE_PORTS[i % 2] + 1000 * Math.floor(i / 2), 4);
    const addr = fam === 4 ? `${LOCAL4[i % 2]}:${port} 00000000:0000` : `${'0'.repeat(32)}:${port} ${'0'.repeat(32)}:0000`;
    emit(fam, 'LISTEN', `${addr} ${full(0x0a, '00000000:00000000', '00:00000000', 0, inode++, '100 0 0 10 0')}`);
  }
  const cum = [];
  let acc = 0;
  for (const m of MIX) cum.push((acc += m[2]));
  for (let i = listeners; i < rows; i++) {
    const r = rnd();
    let k = 0;
    while (k < MIX.length - 1 && r * acc >= cum[k]) k++;
    const [state, st] = MIX[k];
    const fam = rnd() < v6Share ? 6 : 4;
    // half outgoing (ephemeral local port -> backend), half inbound (service port <- client)
    const outgoing = rnd() < 0.5;
    const li = i & 1;
    const ephemeral = 32768 + (i % 28232);
    const b = i % BACKENDS;
    let local;
    let remote;
    if (outgoing) {
      const bport = hex(BACKEND_PORTS[b & 3], 4);
      local = `${fam === 4 ? LOCAL4[li] : LOCAL6[li]}:${hex(ephemeral, 4)}`;
      remote = `${fam === 4 ? v4(10, 1, b >> 8, b & 0xff) : doc6(0x0a010000 + b)}:${bport}`;
    } else {
      const client = 0xc6336400 + Math.floor(rnd() * 65536); // 198.51.100.0 and up
      const cport = hex(1024 + Math.floor(rnd() * 64511), 4);
      local = `${fam === 4 ? LOCAL4[li] : LOCAL6[li]}:${hex(SERVICE_PORTS[li], 4)}`;
      remote = `${fam === 4 ? v4(client >>> 24, (client >>> 16) & 0xff, (client >>> 8) & 0xff, client & 0xff) : doc6(client)}:${cport}`;
    }
    const when = hex(Math.floor(rnd() * 6000), 8);
    let body;
    switch (state) {
      case 'TIME_WAIT':
        body = mini(st, `03:${when}`, 3);
        break;
      case 'SYN_RECV': // a request sock: listener's uid, inode 0, timer 1
        body = mini(st, `01:${hex(100 + Math.floor(rnd() * 200), 8)}`, 0);
        break;
      case 'FIN_WAIT2': // an orphan becomes a timewait mini-socket; a half-closed one stays full
        body = rnd() < 0.5 ? mini(st, `03:${hex(Math.floor(rnd() * 6000), 8)}`, 3) : full(st, '00000000:00000000', '00:00000000', 0, inode++, '20 0 0 11 -1');
        break;
      case 'SYN_SENT':
        body = full(st, '00000001:00000000', '01:00000064', 1, inode++, '100 0 0 1 -1');
        break;
      case 'FIN_WAIT1':
      case 'LAST_ACK':
      case 'CLOSING': // orphans: the application already closed them, inode 0
        body = full(st, '00000001:00000000', '01:0000000A', 2, 0, '80 0 0 1 -1');
        break;
      case 'CLOSE_WAIT':
        body = full(st, '00000000:00000001', '00:00000000', 0, inode++, '20 4 0 10 -1');
        break;
      default: {
        const keepalive = rnd() < 0.3;
        body = full(st, `00000000:${keepalive ? '00000000' : hex(Math.floor(rnd() * 4096), 8)}`, keepalive ? `02:${when}` : '00:00000000', 0, inode++, '20 4 30 10 -1');
      }
    }
    emit(fam, state, `${local} ${remote} ${body}`);
  }
  flush(4);
  flush(6);
  return counts;
}

/** Writes DIR/tcp and DIR/tcp6; returns the counts and the paths. */
export function synthesizeToDir(dir, rows, opts) {
  mkdirSync(dir, { recursive: true });
  const files = { 4: join(dir, 'tcp'), 6: join(dir, 'tcp6') };
  const fds = { 4: openSync(files[4], 'w'), 6: openSync(files[6], 'w') };
  try {
    const counts = synthesize(rows, (fam, text) => writeSync(fds[fam], text, null, 'latin1'), opts);
    return { ...counts, files: [files[4], files[6]] };
  } finally {
    closeSync(fds[4]);
    closeSync(fds[6]);
  }
}

/** Both tables as strings (for tests and small sizes). */
export function synthesizeText(rows, opts) {
  const parts = { 4: [], 6: [] };
  const counts = synthesize(rows, (fam, text) => parts[fam].push(text), opts);
  return { ...counts, tcp: parts[4].join(''), tcp6: parts[6].join('') };
}

/** "50k", "1m", "250000" -> a number. */
export function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(text).trim());
  if (!m) throw new Error(`${JSON.stringify(text)} is not a count (try 50k, 1m)`);
  const mult = { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * mult);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, rows] = process.argv.slice(2);
  if (!dir || !rows) {
    process.stderr.write('usage: node bench/synth.js DIR ROWS\n');
    process.exit(2);
  }
  const r = synthesizeToDir(dir, parseCount(rows));
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
