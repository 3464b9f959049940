// `node --import` this: any import of blessed (or blessed-contrib) fails loudly.
import { register } from 'node:module';

register('data:text/javascript,export async function resolve(s, c, next) { if (/^blessed/.test(s)) throw new Error("blessed was loaded: " + s); return next(s, c); }');
