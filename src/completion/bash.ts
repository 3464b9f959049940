import { ALL_OPTIONS, COMMAND_NAMES, commandArgs, type Values } from '../usage.js';
import { namesOf, word } from './words.js';

/** The COMPREPLY for a value: a word list, files, folders or programs. */
function reply(v: Values): string {
  if (v === 'file') return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))';
  if (v === 'dir') return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))';
  if (v === 'command') return 'COMPREPLY=($(compgen -c -- "$cur"))';
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
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} i cmd=
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
