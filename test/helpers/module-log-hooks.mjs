// The loader hooks of module-log.mjs (they run on node's loader thread).
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(file, `${url}\n`);
  return next(url, context);
}
