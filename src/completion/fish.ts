import { NETNS_RUN_DIR } from '../source/netns.js';
import { ALL_OPTIONS, COMMAND_NAMES, commandArgs, USAGE, type OptionDoc, type Values } from '../usage.js';
import { folder, summaryOf, word } from './words.js';

/** A fish single-quoted string. */
const quote = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** The flags that say what follows: -x (a value, no files) with its candidates, -r -F (files). */
function takes(v: Values | undefined): string {
  if (v === undefined) return ' -x';
  if (v === 'file') return ' -r -F';
  if (v === 'dir') return " -x -a '(__fish_complete_directories)'";
  if (v === 'command') return " -x -a '(__fish_complete_command)'";
  if (v === 'pid') return " -x -a '(__fish_complete_pids)'";
  if (v === 'netns') return " -x -a '(__tcpwatch_netns)'";
  return ` -x -a ${quote(v.map(word).join(' '))}`;
}

function option(o: OptionDoc): string {
  const short = o.short ? ` -s ${word(o.short.slice(1))}` : '';
  return `complete -c tcpwatch${short} -l ${word(o.long.slice(2))}${o.arg !== undefined ? takes(o.values) : ''} -d ${quote(summaryOf(o.help))}`;
}

/** `tcpwatch completion fish`: for ~/.config/fish/completions/tcpwatch.fish, or `| source`. */
export function fishCompletion(): string {
  const commands = COMMAND_NAMES.map((c) => `complete -c tcpwatch -n __fish_use_subcommand -a ${word(c)} -d ${quote(summaryOf(USAGE.find((u) => u.synopsis.split(' ')[0] === c)?.help ?? []))}`);
  const args = COMMAND_NAMES.flatMap((c) => {
    const v = commandArgs(c);
    return v ? [`complete -c tcpwatch -n '__fish_seen_subcommand_from ${word(c)}'${takes(v)}`] : [];
  });
  return `# fish completion for tcpwatch: tcpwatch completion fish > ~/.config/fish/completions/tcpwatch.fish
complete -c tcpwatch -f
# a namespace: a path for a word that looks like one, else a name of \`ip netns add\` (globbed in
# for, where no match is no error, unlike in a command: the folder may be missing or unreadable)
function __tcpwatch_netns
    # the word is --netns=VALUE when typed so
    set -l value (commandline -ct | string replace -r -- '^--[^=]*=' '')
    switch "$value"
        case '/*' '.*'
            __fish_complete_path "$value"
        case '*'
            for n in ${folder(NETNS_RUN_DIR)}/*
                string replace -r -- '^.*/' '' $n
            end
    end
end
${[...commands, ...ALL_OPTIONS.map(option), ...args].join('\n')}
`;
}
