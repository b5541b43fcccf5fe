#!/bin/bash
# The README's top commands (bash scripts/demo.sh, bash scripts/test.sh) work as root on a
# machine without sudo and for a user with sudo. Both scripts source scripts/as_root.sh first; this runs a
# probe script that does the same:
#   1. as root, with no sudo on PATH: it runs, as root, not through sudo;
#   2. as the nagios user (nobody where there is none), allowed by a temporary sudoers rule: it runs again
#      through the real sudo, as root, and SUDO_USER names the user;
#   3. as that user with no sudo on PATH: exit 1 and the words "run it as root".
# Needs root and sudo (scripts/deps.sh all installs it); the sudoers rule is removed on exit.
set -uo pipefail
source "$(dirname "$0")/../support/testlib.sh"
root=$REPO_DIR
# 77: ctest's SKIP_RETURN_CODE, so that a run without root shows this test as skipped, never as passed.
[[ $EUID == 0 ]] || { echo "SKIP: needs root"; exit 77; }
for script in demo.sh test.sh; do
  check "scripts/$script sources as_root.sh" grep -q '^\. "$(dirname "$0")/as_root.sh"$' "$root/scripts/$script"
done
command -v sudo >/dev/null && command -v visudo >/dev/null || die "sudo is not installed (scripts/deps.sh all)"
user=nagios
id "$user" >/dev/null 2>&1 || user=nobody

make_temp_dir as-root
work=$T
rule=/etc/sudoers.d/dmk-as-root-test-$$
on_cleanup rm -f "$rule" "$rule.tmp"
mkdir "$work/scripts" "$work/nobin"
cp "$root/scripts/as_root.sh" "$work/scripts/"
cat > "$work/scripts/probe.sh" <<'PROBE'
#!/bin/bash
set -euo pipefail
. "$(dirname "$0")/as_root.sh"
echo "ran as uid $EUID sudo_user=${SUDO_USER:-none} args=$*"
PROBE
chmod -R a+rX "$work"
for tool in bash dirname id; do ln -s "$(command -v "$tool")" "$work/nobin/$tool"; done  # no sudo among them

# 1. Root, no sudo on PATH.
got=$(env PATH="$work/nobin" bash "$work/scripts/probe.sh" a 'b c')
equals "as root without sudo: runs as root, not through sudo" "$got" "ran as uid 0 sudo_user=none args=a b c"

# 2. A user with sudo.
printf '%s ALL=(root) NOPASSWD: %s\n' "$user" "$(command -v bash)" > "$rule.tmp"
visudo -cqf "$rule.tmp" || die "the sudoers rule does not parse"
chmod 0440 "$rule.tmp" && mv "$rule.tmp" "$rule"
got=$(setpriv --reuid="$user" --regid="$user" --init-groups env PATH=/usr/bin:/bin bash "$work/scripts/probe.sh" a 'b c')
equals "as $user with sudo: runs again through sudo, as root" "$got" "ran as uid 0 sudo_user=$user args=a b c"
rm -f "$rule"

# 3. A user without sudo.
err=$(setpriv --reuid="$user" --regid="$user" --init-groups env PATH="$work/nobin" bash "$work/scripts/probe.sh" 2>&1)
rc=$?
equals "as $user without sudo: exit 1" "$rc" 1
if [[ $err == *"needs root"*"sudo is not installed"*"run it as root"* ]]; then
  pass "as $user without sudo: told to run it as root"
else
  fail "as $user without sudo: not told to run it as root: $err"
fi
finish
