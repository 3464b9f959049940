/**
 * Checked reads of the fields of a parsed JSON document: each throws a SampleJsonError naming
 * the field that is wrong.
 */
import { SampleJsonError } from '../errors.js';

export type Obj = Record<string, unknown>;

export function fail(path: string, what: string): never {
  throw new SampleJsonError(`${path}: ${what}`);
}

export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'not an object');
  return v as Obj;
}

export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'not a number');
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'not a string');
  return v;
}

/** An ISO time -> ms since the epoch. */
export function time(v: unknown, path: string): number {
  const t = Date.parse(str(v, path));
  if (Number.isNaN(t)) fail(path, 'not an ISO time');
  return t;
}

/** An object of numbers (counters, state counts). */
export function numbers(v: unknown, path: string): Record<string, number> {
  const o = obj(v, path);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) out[k] = num(x, `${path}.${k}`);
  return out;
}

export function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'not a list');
  return v;
}

/** One of `allowed`, named in the error when it is not. */
export function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  const s = str(v, path);
  if (!(allowed as readonly string[]).includes(s)) fail(path, `not one of ${allowed.join(', ')}`);
  return s as T;
}
