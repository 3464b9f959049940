import { NETNS_RUN_DIR } from '../source/netns.js';
import { ALL_OPTIONS, COMMAND_NAMES, commandArgs, USAGE, type OptionDoc, type Values } from '../usage.js';
import { folder, summaryOf, word } from './words.js';

/** Text for an _arguments description or a _describe item, inside single quotes. */
const text = (s: string) => s.replace(/[\\[\]:]/g, (c) => `\\${c}`).replace(/'/g, `'\\''`);

function action(v: Values | undefined): string {
  if (v === undefined) return ' ';
  if (v === 'file') return '_files';
  if (v === 'dir') return '_files -/';
  if (v === 'command') return '_command_names -e';
  if (v === 'pid') return '_pids';
  if (v === 'netns') return '_tcpwatch_netns';
  return `(${v.map(word).join(' ')})`;
}

/** One _arguments spec: `'(-n --interval)'{-n+,--interval=}'[time between samples]:DUR: '`. */
function spec(o: OptionDoc): string {
  const takes = o.arg !== undefined;
  const long = word(o.long) + (takes ? '=' : '');
  const names = o.short ? `'(${word(o.short)} ${word(o.long)})'{${word(o.short)}${takes ? '+' : ''},${long}}` : `'${o.repeats ? '*' : ''}${long}'`;
  const value = takes ? `:${text(o.arg?.split(' ')[0] ?? '')}:${action(o.values)}` : '';
  return `${names}'[${text(summaryOf(o.help))}]${value}'`;
}

/** `tcpwatch completion zsh`: for a folder in $fpath (as _tcpwatch), or to source after compinit. */
export function zshCompletion(): string {
  const commands = COMMAND_NAMES.map((c) => `'${word(c)}:${text(summaryOf(USAGE.find((u) => u.synopsis.split(' ')[0] === c)?.help ?? []))}'`);
  const argCases = COMMAND_NAMES.flatMap((c) => {
    const v = commandArgs(c);
    return v ? [`        ${word(c)}) ${Array.isArray(v) ? `compadd -- ${v.map(word).join(' ')}` : action(v)} ;;`] : [];
  });
  return `#compdef tcpwatch
# zsh completion for tcpwatch: tcpwatch completion zsh > "\${fpath[1]}/_tcpwatch",
# or source <(tcpwatch completion zsh) after compinit
# a namespace: a path for a word that looks like one, else a name of \`ip netns add\` ((N): none,
# and no error, where the folder is missing or unreadable)
_tcpwatch_netns() {
  if [[ $PREFIX == [/.]* ]]; then _files; else compadd -- ${folder(NETNS_RUN_DIR)}/*(N:t); fi
}
_tcpwatch() {
  local curcontext=$curcontext state line
  local -a commands=(
    ${commands.join('\n    ')}
  )
  _arguments -C -s \\
    ${ALL_OPTIONS.map(spec).join(' \\\n    ')} \\
    '1: :->command' \\
    '*: :->argument'
  case $state in
    command) _describe -t commands 'tcpwatch command' commands ;;
    argument)
      case $line[1] in
${argCases.join('\n')}
      esac ;;
  esac
}
if [[ $funcstack[1] == _tcpwatch ]]; then _tcpwatch "$@"; else compdef _tcpwatch tcpwatch; fi
`;
}
