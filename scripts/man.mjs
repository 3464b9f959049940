#!/usr/bin/env node
// Part of npm run build: writes man/tcpwatch.1 from dist/man-page.js (rendered from the same
// description of the commands and options as --help), which package.json's "man" links on a
// global install.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const { manPage } = await import(new URL('dist/man-page.js', root).href);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
mkdirSync(new URL('man/', root), { recursive: true });
writeFileSync(new URL('man/tcpwatch.1', root), manPage(version));
