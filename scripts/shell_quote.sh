# shell_quote WORD...: prints the words as one command line that sh and bash read back as the same words,
# for commands shown to be copied and pasted (scripts/demo.sh). A word of only safe characters stays as
# it is; any other is put in single quotes, a ' inside written as '\''. Meant to be sourced.
shell_quote() {
  local out="" word q="'"
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
      out+=" $word"
    else
      out+=" $q${word//$q/$q\\$q$q}$q"
    fi
  done
  printf '%s\n' "${out# }"
}
