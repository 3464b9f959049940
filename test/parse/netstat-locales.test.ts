import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/parse/decode.js';
import { detectFormat } from '../../src/parse/formats.js';
import { parseNetstatLinux } from '../../src/parse/netstat-linux.js';
import { parseSs } from '../../src/parse/ss.js';
import type { TcpRow } from '../../src/types.js';

// Real net-tools output in six locales over one set of sockets, with ss beside it (fixtures/README.md)
const dir = new URL('../../fixtures/linux/locales/', import.meta.url);
const read = (f: string) => decodeCapture(readFileSync(new URL(f, dir)));
const content = (rows: TcpRow[]) => rows.map((r) => `${r.state} v${r.family} ${r.local}:${r.localPort} ${r.remote}:${r.remotePort}`).sort();
const wildcard = (rows: TcpRow[]) => rows.map((r) => ({ ...r, local: r.local === '*' ? '::' : r.local, remote: r.remote === '*' ? '::' : r.remote }));

describe('netstat in other locales (translated states, headers and notices)', () => {
  const reference = content(wildcard(parseSs(read('ss-tan.txt')).rows));
  const files = readdirSync(dir).filter((f) => f.startsWith('netstat-'));

  it('covers the locales that translate state names', () => {
    expect(files.some((f) => f.includes('cs_CZ'))).toBe(true);
    expect(files.some((f) => f.includes('pt_BR'))).toBe(true);
    expect(reference.length).toBeGreaterThan(30);
  });

  it.each(files)('%s: detected, nothing unparsed, the same sockets as ss -tan', (file) => {
    const text = read(file);
    expect(detectFormat(text)?.name).toBe('netstat-linux');
    const r = parseNetstatLinux(text);
    expect(r.unparsed).toEqual({ count: 0, examples: [] });
    expect(content(wildcard(r.rows))).toEqual(reference);
  });

  it('the two-word Czech LAST_ACK keeps the process column after it', () => {
    const rows = parseNetstatLinux(read('netstat-antp.cs_CZ.UTF-8.txt')).rows;
    expect(rows.filter((r) => r.state === 'LAST_ACK')).toHaveLength(1);
    const listen = rows.filter((r) => r.state === 'LISTEN');
    expect(listen).toHaveLength(8);
    expect(listen.every((r) => r.process === 'node')).toBe(true);
  });

  it('a line that is neither a row nor parenthesised is still reported, in any language', () => {
    const r = parseNetstatLinux('Proto Recv-Q Send-Q\nirgendwas anderes hier\ntcp 0 0 1.2.3.4:80 5.6.7.8:9 GEHEIM\n');
    expect(r.unparsed.count).toBe(2);
    expect(r.unparsed.examples.map((e) => e.kind)).toEqual(['columns', 'state']);
  });
});
