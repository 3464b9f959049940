import { NETNS_RUN_DIR } from '../source/netns.js';
import { ALL_OPTIONS, COMMAND_NAMES, commandArgs, type Values } from '../usage.js';
import { folder, namesOf, word } from './words.js';

/** The COMPREPLY for a value: a word list, files, folders, programs, pids or namespaces. */
function reply(v: Values): string {
  if (v === 'file') return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))';
  if (v === 'dir') return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))';
  if (v === 'command') return 'COMPREPLY=($(compgen -c -- "$cur"))';
  // compgen -G, not a glob: whatever the user's failglob or nullglob, nothing is printed where the
  // folder is missing or unreadable (cd fails quietly, or nothing matches)
  if (v === 'pid') return `COMPREPLY=($(compgen -W "$(cd /proc 2>/dev/null && compgen -G '[0-9]*')" -- "$cur"))`;
  // a path for a word that looks like one, else the names of `ip netns add`, a line each and
  // quoted as typed (%q): ip takes any name but / . .., spaces too
  if (v === 'netns') return `if [[ $cur == [/.]* ]]; then ${reply('file')}; else while IFS= read -r n; do printf -v n %q "$n"; COMPREPLY+=("$n"); done < <(cd ${folder(NETNS_RUN_DIR)} 2>/dev/null && compgen -G "$cur*"); fi`;
  return `COMPREPLY=($(compgen -W '${v.map(word).join(' ')}' -- "$cur"))`;
}

/** `source <(tcpwatch completion bash)`: the options, their values where known, the commands and their arguments. */
export function bashCompletion(): string {
  const valueCases = ALL_OPTIONS.filter((o) => o.arg !== undefined).map((o) => `    ${namesOf(o).join('|')}) ${o.values ? `${reply(o.values)}; ` : ''}return ;;`);
  const argCases = COMMAND_NAMES.flatMap((c) => {
    const v = commandArgs(c);
    return v ? [`    ${word(c)}) ${reply(v)} ;;`] : [];
  });
  return `# bash completion for tcpwatch: source <(tcpwatch completion bash), or save it as
# ~/.local/share/bash-completion/completions/tcpwatch
_tcpwatch() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} i n cmd=
  # bash splits --name=value at the = (COMP_WORDBREAKS): complete the value of --name
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]]; then
    prev=\${COMP_WORDS[COMP_CWORD-2]}
  fi
  COMPREPLY=()
  case $prev in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W '${ALL_OPTIONS.flatMap(namesOf).join(' ')}' -- "$cur"))
    return
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      ${COMMAND_NAMES.map(word).join('|')}) cmd=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case $cmd in
    '') COMPREPLY=($(compgen -W '${COMMAND_NAMES.map(word).join(' ')}' -- "$cur")) ;;
${argCases.join('\n')}
  esac
}
complete -F _tcpwatch tcpwatch
`;
}
