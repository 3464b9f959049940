// `node --import` this: every file module the process loads (its own and node_modules') is
// appended, one URL a line, to the file named by $TCPWATCH_MODULE_LOG. The hook runs on node's
// loader thread and writes before the module runs, so a process killed later still left its list.
import { register } from 'node:module';

register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { file: process.env.TCPWATCH_MODULE_LOG } });
