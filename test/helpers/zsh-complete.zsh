# zsh zsh-complete.zsh SCRIPT 'command line': the candidates zsh's completion offers for the
# line, one per line, sorted. A real interactive zsh in a pseudo-terminal (zpty) sources SCRIPT
# after compinit; a compadd wrapper writes out every candidate; Tab completes; what is typed after
# the Tab (Ctrl-U, then a marker command) runs only once the completion is done. The markers are
# typed as RE''ADY and DO''NE so that only their output, not the echo of the typing, matches; the
# line is typed once the prompt (ZPROMPT, typed as a prompt escape) shows that zle reads. What the
# completion prints to stderr goes to this script's stderr (zle draws on the terminal, not fd 2),
# up to the end of the completion.
zmodload zsh/zpty
script=$1 line=$2 out=$(mktemp) err=$(mktemp)
zpty z "zsh -f -i 2>${(q)err}"
zpty -w z "PS1='Z%(?.P.P)ROMPT '; autoload -U compinit; compinit -u -D; source ${(q)script}"
zpty -w z "compadd() { builtin compadd -O __m \"\$@\"; print -rl -- \$__m >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -w z "zstyle ':completion:*' menu no; print -r -- RE''ADY"
zpty -r z _ '*READY*'
zpty -r z _ '*ZPROMPT*'
zpty -w -n z "$line"$'\t'
zpty -w z $'\C-u'"print -r -- DO''NE"
zpty -r z _ '*DONE*'
# what the completion printed is in $err by now (DONE ran after it); taken before the pty goes, so
# the shell's own complaint at losing its terminal (a read it had begun: EIO) is not counted
said=$(<$err)
zpty -d z
sort -u $out
[[ -n $said ]] && print -r -- "$said" >&2
rm -f $out $err
