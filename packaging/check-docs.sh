#!/bin/bash
# Checks that the documentation follows the plugin's real command line: every option that `BINARY --help`
# prints must appear in the man page and in README.md, and every long option the man page's OPTIONS section
# names must exist in --help (so a removed option does not linger in the man page).
#
# Usage: packaging/check-docs.sh BINARY [MANPAGE] [README]
#   MANPAGE defaults to packaging/check_dmk_community.1 (may be gzipped), README to README.md, both in the tree
#   this script belongs to.
#
# --help lines that define an option start with a short indent and then the option, in any of these forms:
#   "  --long-name arg ..."  "  -x [ --long-name ] arg ..." (Boost.ProgramOptions)  "  -x, --long-name=ARG ..."
#   "  -4 ..." (a short option without a long name, checked as "-4").
# Description text that wraps onto a new line is indented further and is not read as an option.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 || $1 == -h || $1 == --help ]]; then
  echo "usage: $0 BINARY [MANPAGE] [README]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$1
manpage=${2:-$root/packaging/check_dmk_community.1}
readme=${3:-$root/README.md}

help=$("$binary" --help 2>&1) || true   # --help exits 3 by convention
mapfile -t help_options < <(
  printf '%s\n' "$help" | sed -nE \
    -e 's/^ {1,8}(-[A-Za-z0-9?](, | \[ | ))?(--[A-Za-z0-9][A-Za-z0-9-]*).*/\3/p' \
    -e 't' \
    -e 's/^ {1,8}(-[A-Za-z0-9?])([ ,=]|$).*/\1/p' | sort -u)
if [[ ${#help_options[@]} -eq 0 ]]; then
  echo "check-docs: found no options in the output of '$binary --help':" >&2
  printf '%s\n' "$help" >&2
  exit 1
fi

# The man page as plain text: roff escapes for minus signs and font changes removed.
if [[ $manpage == *.gz ]]; then
  man_text=$(zcat "$manpage")
else
  man_text=$(cat "$manpage")
fi
man_text=$(printf '%s\n' "$man_text" | sed -E -e 's/\\-/-/g' -e 's/\\f(\[[A-Za-z]*\]|\([A-Za-z]{2}|[A-Za-z])//g')
readme_text=$(cat "$readme")

# An option is mentioned when it stands alone: "--tls" is not found in "--tls-warning".
mentions() {  # TEXT OPTION
  grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|$)" <<<"$1"
}

failed=0
for option in "${help_options[@]}"; do
  if ! mentions "$man_text" "$option"; then
    echo "check-docs: $option (from --help) is missing in $manpage"
    failed=$((failed + 1))
  fi
  if ! mentions "$readme_text" "$option"; then
    echo "check-docs: $option (from --help) is missing in $readme"
    failed=$((failed + 1))
  fi
done

# Every reason code of --help ("  code (side): meaning" after "Reason codes:") is listed, with its side, in the
# README's table and the man page: notification rules are written from those lists.
mapfile -t reason_codes < <(printf '%s\n' "$help" | sed -n '/^Reason codes:/,/^$/p' |
                            sed -nE 's/^  ([a-z_.]+) \(([a-z]+)\):.*/\1 \2/p')
for entry in "${reason_codes[@]}"; do
  code=${entry% *}
  side=${entry#* }
  if ! grep -qF -- "| \`$code\` | $side |" <<<"$readme_text"; then
    echo "check-docs: reason code $code ($side, from --help) is missing in the table of $readme"
    failed=$((failed + 1))
  fi
  if ! grep -qF -- "$code \" ($side)\"" <<<"$man_text"; then
    echo "check-docs: reason code $code ($side, from --help) is missing in $manpage"
    failed=$((failed + 1))
  fi
done

# The forms --cert-warning and --cert-critical take besides days, hours ("36h") and a share of the lifetime
# ("20%"), are explained wherever the options are: --help, the man page, the README and the Icinga
# CheckCommand's argument descriptions. A form added to the parser and missed in one of them fails here.
checkcommand=$root/icinga-conf/dmk_community.conf
checkcommand_cert=$(sed -n '/"--cert-warning" = {/,/"--cn-only-state" = {/p' "$checkcommand")
if [[ -z $checkcommand_cert ]]; then
  echo "check-docs: found no --cert-warning argument in $checkcommand"
  failed=$((failed + 1))
fi
for form in 36h 20%; do
  for doc in "--help" "$manpage" "$readme" "$checkcommand"; do
    case $doc in
      --help) text=$(printf '%s\n' "$help" | sed -n '/--cert-warning/,/--cn-only-state/p') ;;
      "$manpage") text=$(printf '%s\n' "$man_text" | sed -n '/cert-warning/,/cn-only-state/p') ;;
      "$readme") text=$(grep -F -- '--cert-warning LIMIT' <<<"$readme_text" || true) ;;
      *) text=$checkcommand_cert ;;
    esac
    if ! grep -qF -- "$form" <<<"$text"; then
      echo "check-docs: the form '$form' of --cert-warning/--cert-critical is not explained in $doc"
      failed=$((failed + 1))
    fi
  done
done

man_options_section=$(printf '%s\n' "$man_text" | sed -n '/^\.SH OPTIONS/,/^\.SH /p')
mapfile -t man_options < <(grep -oE -- '(^|[^A-Za-z0-9-])--[A-Za-z0-9][A-Za-z0-9-]*' <<<"$man_options_section" |
                           sed -E 's/^[^-]//' | sort -u)
for option in "${man_options[@]}"; do
  if ! grep -xF -- "$option" <<<"$(printf '%s\n' "${help_options[@]}")" >/dev/null; then
    echo "check-docs: $option is in the OPTIONS section of $manpage but not in '$binary --help'"
    failed=$((failed + 1))
  fi
done

if [[ $failed -ne 0 ]]; then
  echo "check-docs: $failed problem(s)"
  exit 1
fi
echo "check-docs: all ${#help_options[@]} options and ${#reason_codes[@]} reason codes of --help are in $(basename "$manpage") and $(basename "$readme")"
