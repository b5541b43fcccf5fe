#!/bin/bash
# Tests the release path end to end, in a scratch clone of this repository (nothing here is tagged or changed):
#   1. packaging/release.sh refuses a lightweight tag, a name that is not vX.Y.Z, a tag whose version differs
#      from the tagged project(VERSION) and debian/changelog, a commit where those two disagree, and a dirty
#      work tree;
#   2. it releases the previous version (0.1.0, tagged v0.1.0 on its commit in the clone, one build) and this
#      version (tagged on HEAD: two builds that must be byte-identical): source and binary packages,
#      SHA256SUMS that verify, RELEASE-NOTES from the changelog entry, a .dsc that unpacks;
#   3. packaging/apt-repo.sh publishes 0.1.0 into a reprepro repository signed with a key made here (temporary
#      GNUPGHOME, no passphrase); apt refuses the repository under another key, and installs 0.1.0 from it with
#      signed-by= the exported key. The apt configuration is private to the test (its own sources list, lists
#      and cache: the machine's apt sources are not touched, so the package's dependencies must be installed);
#   4. with an operator's files in /etc (an Icinga 2 config using the CheckCommand, an ini file, a credentials
#      file, an NRPE snippet, the notification script), notification markers in /var/lib/icinga2/dmk-notify and
#      a running icinga2 daemon checking through the CheckCommand (private netns, own state directories),
#      this version is published and installed as an upgrade: every operator file and marker is unchanged
#      (content, mode, owner), the daemon still runs and its next check runs the new plugin, the config still
#      validates (icinga2 daemon -C), the plugin says the new version;
#   5. rollback: 0.1.0, kept in the suite bookworm-previous, is installed again with --allow-downgrades, and the
#      files survive that too. At the end the package is purged and the operator's files removed.
#
# Usage: packaging/test-release.sh   (root; runs itself in a private network namespace; about 5-8 minutes: three
# package builds). Tests the committed HEAD: uncommitted changes are not in the clone. Needs the commit of 0.1.0
# in the history (not a shallow clone). Prints `N passed, M failed` last.
set -uo pipefail
source "$(dirname "$0")/../tests/e2e/lib.sh"
e2e_args "" "$@"
e2e_begin release-test

PACKAGE=monitoring-plugins-dmk-community
PLUGIN=/usr/lib/nagios/plugins/check_dmk_community
OLD_VERSION=0.1.0
OLD_COMMIT=f1e1abf54f0afca28f817857ae931e131adb0201
release=$REPO_DIR/packaging/release.sh
apt_repo=$REPO_DIR/packaging/apt-repo.sh
export DEBIAN_FRONTEND=noninteractive GNUPGHOME=$T/gnupg

# --- the operator's state, removed at the end (with the package) ---------------------------------------------
OPERATOR_DIRS=(/etc/icinga2/dmk-upgrade-test /etc/monitoring-plugins/dmk-upgrade-test-secrets)
OPERATOR_FILES=(/etc/monitoring-plugins/dmk-upgrade-test.ini /etc/nagios/nrpe.d/dmk-upgrade-test.cfg)
MARKER_DIR=/var/lib/icinga2/dmk-notify
MARKERS=()
cleanup() {
  if dpkg-query -W -f='${db:Status-Status}' "$PACKAGE" 2>/dev/null | grep -vx not-installed >/dev/null; then
    dpkg --purge "$PACKAGE" >/dev/null 2>&1 || echo "warning: dpkg --purge $PACKAGE failed" >&2
  fi
  rm -rf "${OPERATOR_DIRS[@]}" "${OPERATOR_FILES[@]}" "${MARKERS[@]}"
  rmdir /etc/monitoring-plugins "$MARKER_DIR" 2>/dev/null || true
  gpgconf --kill gpg-agent 2>/dev/null || true
}
on_cleanup cleanup

# --- 1. the scratch clone and the refusals -------------------------------------------------------------------
clone=$T/clone
git clone -q --no-hardlinks "$REPO_DIR" "$clone" || die "git clone $REPO_DIR"
git -C "$clone" config user.name "release test"
git -C "$clone" config user.email "release-test@check-dmk.invalid"
head=$(git -C "$clone" rev-parse HEAD)
[[ -z $(git -C "$REPO_DIR" status --porcelain --untracked-files=no) ]] ||
  echo "note: testing the committed HEAD $head; the work tree's uncommitted changes are not in it"
git -C "$clone" cat-file -e "$OLD_COMMIT^{commit}" 2>/dev/null ||
  die "commit $OLD_COMMIT ($OLD_VERSION) is not in the history (shallow clone? git fetch --unshallow)"
NEW_VERSION=$(dpkg-parsechangelog -l "$clone/packaging/debian/changelog" -S Version)
NEW_TAG=v$NEW_VERSION
tag() { git -C "$clone" tag -a "$1" -m "Release ${1#v}" "${2:-HEAD}"; }

# refused NAME PATTERN ARGS...: release.sh ARGS exits 1, says PATTERN on stderr, and builds nothing.
refused() {
  local name=$1 pattern=$2 out status
  shift 2
  out=$(bash "$release" --repo "$clone" "$@" "$T/refused" 2>&1 >/dev/null)
  status=$?
  if [[ $status -eq 1 ]] && grep -qE -- "$pattern" <<<"$out" && [[ -z $(ls -A "$T/refused" 2>/dev/null) ]]; then
    pass "release.sh refuses $name: $(head -n 1 <<<"$out")"
  else
    fail "release.sh did not refuse $name (exit $status, wanted 1 and /$pattern/): $out"
  fi
}
git -C "$clone" tag "$NEW_TAG"
refused "a lightweight tag" 'lightweight tag' "$NEW_TAG"
git -C "$clone" tag -d "$NEW_TAG" >/dev/null
refused "a name that is not vX.Y.Z" 'not a release tag' "$NEW_VERSION"
refused "a tag that does not exist" "no tag v9\.8\.7" v9.8.7
tag v9.9.9
refused "a tag that differs from the version" "v9\.9\.9 says 9\.9\.9, but .* say $NEW_VERSION" v9.9.9
git -C "$clone" checkout -q -b disagree
sed -i 's/^\(project(check_dmk_community VERSION\) [0-9.]*/\1 9.9.8/' "$clone/CMakeLists.txt"
git -C "$clone" commit -q -am "CMake says 9.9.8, the changelog does not"
tag v9.9.8
refused "a commit whose CMakeLists.txt and changelog disagree" 'disagree' v9.9.8
git -C "$clone" checkout -q --detach "$head"
tag "$NEW_TAG"
echo "dirty" >>"$clone/README.md"
refused "a dirty work tree" 'dirty' "$NEW_TAG"
git -C "$clone" checkout -q -- README.md

# --- 2. the two releases ---------------------------------------------------------------------------------------
tag v$OLD_VERSION "$OLD_COMMIT"
# release_ok VERSION DIR ARGS...: release.sh ARGS made a whole release in DIR.
release_ok() {
  local version=$1 dir=$2 start=$SECONDS
  shift 2
  if bash "$release" --repo "$clone" "$@" "$dir" >"$dir.log" 2>&1; then
    pass "release.sh $* in $((SECONDS - start)) s"
  else
    tail -n 30 "$dir.log"
    die "release.sh $* failed"
  fi
  local missing=()
  for f in "${PACKAGE}_$version.dsc" "${PACKAGE}_$version.tar.xz" "${PACKAGE}_${version}_$(dpkg --print-architecture).deb" \
      "$PACKAGE-dbgsym_${version}_$(dpkg --print-architecture).deb" RELEASE-NOTES SHA256SUMS; do
    [[ -f $dir/$f ]] || missing+=("$f")
  done
  equals "release $version: source, binary packages, notes and sums present" "${missing[*]}" ""
  check "release $version: SHA256SUMS verifies" bash -c "cd '$dir' && sha256sum --quiet -c SHA256SUMS"
  contains "release $version: RELEASE-NOTES names the version and tag" "$(head -n 1 "$dir/RELEASE-NOTES")" \
    "^$PACKAGE $version \(v$version, commit [0-9a-f]{40}\)"
  contains "release $version: RELEASE-NOTES holds the changelog entry" "$(cat "$dir/RELEASE-NOTES")" \
    "$(git -C "$clone" show "v$version:packaging/debian/changelog" | sed -n '3s/^ *\* *//p' | cut -c1-40 |
       sed 's/[][().*+?^$|\\]/\\&/g')"
  check "release $version: the .dsc unpacks (dpkg-source -x)" \
    bash -c "cd '$T' && dpkg-source -x '$dir/${PACKAGE}_$version.dsc' 'src-$version' >/dev/null"
}
release_ok "$OLD_VERSION" "$T/release-$OLD_VERSION" --once "v$OLD_VERSION"
release_ok "$NEW_VERSION" "$T/release-$NEW_VERSION" "$NEW_TAG"
contains "release $NEW_VERSION: two builds were byte-identical" "$(cat "$T/release-$NEW_VERSION.log")" \
  'two builds gave identical .*\.dsc .*\.tar\.xz .*\.deb'

# --- 3. the signed repository and apt ----------------------------------------------------------------------
mkdir -m 0700 "$GNUPGHOME"
newkey() {
  gpg --batch --passphrase '' --quick-gen-key "$1" ed25519 sign 1d 2>/dev/null &&
    gpg --batch --with-colons --list-secret-keys "$1" | awk -F: '/^fpr/ {print $10; exit}'
}
key=$(newkey "check_dmk_community test archive <archive@check-dmk.invalid>") && [[ -n $key ]] || die "gpg could not make a key"
other=$(newkey "another key <other@check-dmk.invalid>") && [[ -n $other ]] || die "gpg could not make a second key"
repo=$T/repo
if bash "$apt_repo" --key "$key" "$repo" "$T/release-$OLD_VERSION" >"$T/publish-old.log" 2>&1; then
  pass "apt-repo.sh published $OLD_VERSION"
else
  cat "$T/publish-old.log"
  die "apt-repo.sh could not publish $OLD_VERSION"
fi
chmod -R a+rX "$repo"
check "InRelease is signed by the test key (gpgv)" gpgv --keyring "$repo/archive-key.gpg" "$repo/dists/bookworm/InRelease"

apt_dir=$T/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.d"
gpg --batch --export "$other" >"$T/other-key.gpg"
# sources KEYFILE: the private sources list, both suites, signed-by KEYFILE.
sources() {
  printf 'deb [signed-by=%s] file:%s %s main\n' "$1" "$repo" bookworm "$1" "$repo" bookworm-previous \
    >"$apt_dir/sources.list"
}
apt_options=(-o Dir::Etc::sourcelist="$apt_dir/sources.list" -o Dir::Etc::sourceparts="$apt_dir/sources.d"
  -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache")
apt_() { apt-get -q "${apt_options[@]}" "$@"; }
# apt_update WHAT: apt-get update with the private sources passes (its output shown when it does not).
apt_update() {
  local out
  if out=$(apt_ update 2>&1); then
    pass "apt-get update $1"
  else
    printf '%s\n' "$out"
    fail "apt-get update $1"
  fi
}
sources "$T/other-key.gpg"
out=$(apt_ update 2>&1)
status=$?
if [[ $status -ne 0 ]] && grep -qE "NO_PUBKEY|not signed|could(n't| not) be verified" <<<"$out"; then
  pass "apt-get update refuses the repository with signed-by= another key"
else
  fail "apt-get update with signed-by= another key: exit $status: $out"
fi
sources "$repo/archive-key.gpg"
if dpkg-query -W -f='${db:Status-Status}' "$PACKAGE" 2>/dev/null | grep -x installed >/dev/null; then
  echo "note: $PACKAGE is installed already; purging it first"
  dpkg --purge "$PACKAGE" >/dev/null
fi
apt_update "with signed-by= the repository's key (both suites)"
# installed_is VERSION WHAT: dpkg has VERSION installed and the plugin's --version says it (exit 3).
installed_is() {
  local version_output status
  equals "$2: dpkg has $PACKAGE $1" "$(dpkg-query -W -f='${Version} ${db:Status-Status}' "$PACKAGE" 2>/dev/null)" "$1 installed"
  version_output=$("$PLUGIN" --version 2>&1)
  status=$?
  if [[ $status -eq 3 && $version_output == *"$1"* ]]; then
    pass "$2: $PLUGIN --version says $1 (exit 3)"
  else
    fail "$2: $PLUGIN --version exited $status: $version_output"
  fi
}
if apt_ install -y --no-install-recommends "$PACKAGE" >"$T/install-old.log" 2>&1; then
  pass "apt-get install $PACKAGE from the repository"
else
  cat "$T/install-old.log"
  die "apt-get install $PACKAGE from the repository failed (its dependencies must be installed already)"
fi
installed_is "$OLD_VERSION" "install"

# --- 4. the operator's state, a running icinga2, the upgrade -------------------------------------------------
closed_port=$(free_port) || die "no free port"
install -d -m 0755 /etc/monitoring-plugins /etc/icinga2/dmk-upgrade-test
install -d -m 0750 -o root -g nagios /etc/monitoring-plugins/dmk-upgrade-test-secrets
install -m 0600 -o nagios -g nagios /dev/null /etc/monitoring-plugins/dmk-upgrade-test-secrets/probe
printf 'monitor:Upgrade-Secret-1\n' >/etc/monitoring-plugins/dmk-upgrade-test-secrets/probe
install -m 0640 -o root -g nagios /dev/null /etc/monitoring-plugins/dmk-upgrade-test.ini
cat >/etc/monitoring-plugins/dmk-upgrade-test.ini <<INI
[dmk-upgrade-test]
hostname = dmk.test
port = $closed_port
community = Upgrade Test
auth = basic
credentials-file = /etc/monitoring-plugins/dmk-upgrade-test-secrets/probe
INI
printf 'command[check_dmk_upgrade_test]=%s --extra-opts=dmk-upgrade-test@/etc/monitoring-plugins/dmk-upgrade-test.ini -t 7\n' \
  "$PLUGIN" >/etc/nagios/nrpe.d/dmk-upgrade-test.cfg
examples=/usr/share/doc/$PACKAGE/examples
install -m 0755 "$examples/scripts/dmk-notify" /etc/icinga2/dmk-upgrade-test/dmk-notify ||
  fail "the installed package has no $examples/scripts/dmk-notify"
cat >/etc/icinga2/dmk-upgrade-test/services.conf <<CONF
object Host "dmk-upgrade-test" {
  check_command = "dummy"
  enable_active_checks = false
}
object Service "dmk" {
  host_name = "dmk-upgrade-test"
  check_command = "dmk_community"
  check_interval = 1h
  vars.dmk_hostname = "dmk.test"
  vars.dmk_extra_opts = "dmk-upgrade-test@/etc/monitoring-plugins/dmk-upgrade-test.ini"
}
CONF
# Markers named as dmk-notify names them: a problem sent to a contractor, waiting for its recovery.
install -d -m 0755 -o nagios -g nagios "$MARKER_DIR"
for who in 'dmk-upgrade-test!dmk!contractor-a' 'dmk-upgrade-test!dmk!contractor-b'; do
  m=$MARKER_DIR/$(printf '%s' "$who" | sha256sum | cut -c1-32)
  [[ -e $m ]] && die "$m exists already"
  install -m 0644 -o nagios -g nagios /dev/null "$m"
  MARKERS+=("$m")
done
# manifest: every operator file with mode, owner and content hash.
manifest() {
  local f
  for f in $(find "${OPERATOR_DIRS[@]}" -type f | sort) "${OPERATOR_FILES[@]}" "${MARKERS[@]}"; do
    printf '%s %s %s\n' "$f" "$(stat -c '%a %U:%G' "$f" 2>&1)" "$(sha256sum <"$f" 2>&1 | cut -c1-64)"
  done
}
manifest >"$T/manifest-before"
echo "operator's files:"
sed 's/^/  /' "$T/manifest-before"

node=$T/icinga
read -r api_port < <(free_ports 1)
icinga_node_init "$node" dmk-upgrade-node "$api_port" dmk-api "api-$RANDOM$RANDOM" || die "icinga node setup"
{
  icinga_conf_base "$node" /usr/lib/nagios/plugins
  echo 'include <plugins-contrib>'
  echo 'include "/etc/icinga2/dmk-upgrade-test/services.conf"'
} >"$node/etc/icinga2.conf"
icinga_launch "$node" "the operator's config with $OLD_VERSION installed"
icinga_pid=${icinga_pids[$node]}
# service_ran WHAT: one forced check of the service ran, through the CheckCommand and the operator's ini and
# credentials file: CRITICAL, the port is closed (an UNKNOWN would mean the plugin could not use them).
service_ran() {
  local output
  if icinga_check_now "$node" Service 'dmk-upgrade-test!dmk'; then
    output=$(icinga_object "$node" Service 'dmk-upgrade-test!dmk' | jq -r '.last_check_result.output')
    contains "$1: icinga2 ran the check, CRITICAL with the operator's ini" "$output" '^DMK COMMUNITY CRITICAL - Upgrade Test: '
  else
    fail "$1: no check result within 45 s"
  fi
}
service_ran "before the upgrade"

if bash "$apt_repo" --key "$key" "$repo" "$T/release-$NEW_VERSION" >"$T/publish-new.log" 2>&1; then
  pass "apt-repo.sh published $NEW_VERSION"
else
  cat "$T/publish-new.log"
  die "apt-repo.sh could not publish $NEW_VERSION"
fi
chmod -R a+rX "$repo"
contains "the repository's bookworm holds $NEW_VERSION" "$(reprepro -b "$repo" list bookworm "$PACKAGE")" \
  "$PACKAGE $NEW_VERSION"
contains "the repository's bookworm-previous holds $OLD_VERSION" \
  "$(reprepro -b "$repo" list bookworm-previous "$PACKAGE")" "$PACKAGE $OLD_VERSION"
apt_update "after publishing $NEW_VERSION"
candidate=$(apt-cache "${apt_options[@]}" policy "$PACKAGE" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
equals "apt's candidate is $NEW_VERSION" "$candidate" "$NEW_VERSION"
if apt_ install -y --no-install-recommends "$PACKAGE" >"$T/upgrade.log" 2>&1; then
  pass "apt-get install $PACKAGE upgrades $OLD_VERSION to $NEW_VERSION"
else
  cat "$T/upgrade.log"
  die "the upgrade to $NEW_VERSION failed"
fi
installed_is "$NEW_VERSION" "upgrade"
manifest >"$T/manifest-after"
if cmp -s "$T/manifest-before" "$T/manifest-after"; then
  pass "upgrade: the operator's $(wc -l <"$T/manifest-before") files and markers are unchanged (content, mode, owner)"
else
  diff "$T/manifest-before" "$T/manifest-after"
  fail "upgrade changed the operator's files"
fi
check "upgrade: the running icinga2 (PID $icinga_pid) still runs" kill -0 "$icinga_pid"
service_ran "after the upgrade"
check "upgrade: icinga2 daemon -C accepts the operator's config" icinga_validate "$node"

# --- 5. rollback -------------------------------------------------------------------------------------------
if apt_ install -y --no-install-recommends --allow-downgrades "$PACKAGE=$OLD_VERSION" >"$T/rollback.log" 2>&1; then
  pass "apt-get install --allow-downgrades $PACKAGE=$OLD_VERSION (rollback from bookworm-previous)"
else
  cat "$T/rollback.log"
  fail "the rollback to $OLD_VERSION failed"
fi
installed_is "$OLD_VERSION" "rollback"
manifest >"$T/manifest-rollback"
if cmp -s "$T/manifest-before" "$T/manifest-rollback"; then
  pass "rollback: the operator's files and markers are unchanged"
else
  diff "$T/manifest-before" "$T/manifest-rollback"
  fail "rollback changed the operator's files"
fi
service_ran "after the rollback"
check "rollback: icinga2 daemon -C accepts the operator's config" icinga_validate "$node"
echo "test-release: $((SECONDS - started)) s"
finish
