#!/bin/bash
# Tests the Debian package end to end: builds it twice from clean copies and requires byte-identical
# .deb files, runs lintian (failing on errors and warnings), checks the hardening flags, installs the package
# with apt-get, checks what it installed (plugin, man page, Icinga 2 CheckCommand loaded through
# `include <plugins-contrib>`), optionally runs a test against the installed files, purges the package and
# checks that nothing of it is left.
#
# Usage: packaging/test-deb.sh [--out DIR] [--installed-test CMD] [--no-install]
#   --out DIR             keep the two builds in DIR/build-1 and DIR/build-2 (default: a temporary directory,
#                         removed at the end)
#   --installed-test CMD  run CMD (through bash -c, from the top of the tree) while the package is installed,
#                         e.g. 'bash tests/e2e/icinga2_e2e.sh --installed'
#   --no-install          build, compare and lint only (no root needed); the install checks count as skipped
#                         (without it, any skipped check fails the run)
#
# Needs root for the install part (apt-get install, dpkg --purge). Prints `N passed, M failed` last and exits 1
# if anything failed (tests/support/testlib.sh).
set -uo pipefail
source "$(dirname "$0")/../tests/support/testlib.sh"

root=$REPO_DIR
out=
installed_test=
install=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --installed-test) installed_test=$2; shift 2 ;;
    --no-install) install=0; shift ;;
    *) echo "usage: $0 [--out DIR] [--installed-test CMD] [--no-install]" >&2; exit 2 ;;
  esac
done
if [[ $install == 1 && $(id -u) -ne 0 ]]; then
  echo "test-deb: installing the package needs root (or pass --no-install)" >&2
  exit 2
fi
if [[ -z $out ]]; then
  out=$(mktemp -d /tmp/dmk-test-deb.XXXXXX)
  register_dir "$out"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

# A check skipped for a missing tool checked nothing: only --no-install may leave checks out.
if [[ $install == 0 ]]; then SKIPS_ALLOWED=1; fi

# Tools the checks use beyond dpkg-dev and debhelper (the build installs its own build dependencies).
missing_tools=()
for tool in lintian blhc hardening-check readelf; do
  command -v "$tool" >/dev/null || missing_tools+=("$tool")
done
if [[ ${#missing_tools[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    tools=(lintian blhc devscripts binutils)
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tools[@]}" ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tools[@]}"; }; } >/dev/null ||
      { echo "test-deb: cannot install ${tools[*]}" >&2; exit 1; }
  else
    echo "test-deb: missing ${missing_tools[*]} (apt-get install lintian blhc devscripts binutils)" >&2
    exit 2
  fi
fi

package=$(sed -n 's/^Package: *//p' "$root/packaging/debian/control" | head -n 1)
version=$(dpkg-parsechangelog -l "$root/packaging/debian/changelog" -S Version)
plugin=/usr/lib/nagios/plugins/check_dmk_community
command_file=/usr/share/icinga2/include/plugins-contrib.d/dmk_community.conf

# --- version ---------------------------------------------------------------------------------------------
if sh "$root/packaging/check-version.sh" "$root"; then
  pass "debian/changelog follows project(VERSION)"
else
  fail "debian/changelog does not follow project(VERSION)"
fi

# --- two builds ------------------------------------------------------------------------------------------
for n in 1 2; do
  rm -rf "$out/build-$n"
  mkdir -p "$out/build-$n"
  echo "test-deb: build $n (log: $out/build-$n.log)"
  if bash "$root/packaging/build-deb.sh" "$out/build-$n" >"$out/build-$n.log" 2>&1; then
    pass "build $n"
  else
    tail -n 40 "$out/build-$n.log"
    fail "build $n"
    finish
  fi
done

deb=$out/build-1/${package}_${version}_$(dpkg --print-architecture).deb
dbgsym=$out/build-1/${package}-dbgsym_${version}_$(dpkg --print-architecture).deb
changes=$out/build-1/${package}_${version}_$(dpkg --print-architecture).changes
if [[ -f $deb && -f $dbgsym ]]; then
  pass "build left $(basename "$deb") and $(basename "$dbgsym")"
else
  fail "build did not leave $(basename "$deb") and $(basename "$dbgsym")"
  finish
fi

# Reproducible builds: same file names, same bytes. The two builds ran in different directories.
(cd "$out/build-1" && sha256sum -- *.deb) >"$out/sha256-1"
(cd "$out/build-2" && sha256sum -- *.deb) >"$out/sha256-2"
cat "$out/sha256-1"
if cmp -s "$out/sha256-1" "$out/sha256-2"; then
  pass "two builds gave byte-identical .deb files"
else
  diff "$out/sha256-1" "$out/sha256-2"
  fail "the two builds differ (compare them with diffoscope)"
fi

# --- lintian -----------------------------------------------------------------------------------------------
# The .changes file covers both .deb files and the .buildinfo. Info tags are shown, not failed on.
echo "test-deb: lintian --fail-on error,warning --display-info $(basename "$changes")"
lintian_output=$(lintian --fail-on error,warning --display-info "$changes" 2>&1)
lintian_status=$?
printf '%s\n' "$lintian_output" | grep -v '^running with root privileges' || true
if [[ $lintian_status -eq 0 ]]; then
  pass "lintian: no errors, no warnings"
else
  fail "lintian reported errors or warnings (exit $lintian_status)"
fi

# --- hardening and debug symbols ---------------------------------------------------------------------------
# blhc reads the build log: every compile and link line must carry dpkg-buildflags' hardening flags. It is
# the check for _FORTIFY_SOURCE; hardening-check's fortify test gives false alarms on C++ (calls that the
# compiler proved safe stay unfortified, e.g. memcpy in std::string).
if blhc --bindnow "$out/build-1.log"; then
  pass "blhc: every compile and link line has the hardening flags"
else
  fail "blhc: hardening flags missing in the build log"
fi
unpacked=$out/unpacked
rm -rf "$unpacked" && mkdir -p "$unpacked/deb" "$unpacked/dbgsym"
dpkg-deb -x "$deb" "$unpacked/deb"
dpkg-deb -x "$dbgsym" "$unpacked/dbgsym"
# Control-flow protection (CET) is not required: bookworm's glibc start files are not CET-marked, so no program
# linked on bookworm carries the marking (see debian/rules).
if hardening-check --nofortify --nocfprotection "$unpacked/deb$plugin"; then
  pass "hardening-check: PIE, stack protector, RELRO, BIND_NOW, stack clash protection"
else
  fail "hardening-check"
fi
build_id=$(readelf -n "$unpacked/deb$plugin" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
if [[ -n $build_id ]] && ! readelf -S "$unpacked/deb$plugin" | grep '\.debug_info' >/dev/null &&
   [[ -f $unpacked/dbgsym/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug ]]; then
  pass "binary is stripped; its debug info is in the dbgsym package (build id $build_id)"
else
  fail "binary not stripped or no debug file for build id '$build_id' in the dbgsym package"
fi

# --- what the plugin loads (cmake/link.cmake) --------------------------------------------------------
# Every shared object costs each check symbol lookups and resident pages: the packaged plugin needs libcurl,
# OpenSSL and glibc only (the C++ runtime and Boost.ProgramOptions are linked in, libm is not needed), and the
# package records where the linked-in copies came from.
# (The dynamic loader may be listed too: the linked-in libstdc++ asks it for _dl_find_object.)
needed=$(readelf -d "$unpacked/deb$plugin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -v '^ld-linux' |
  sort | paste -sd' ')
if [[ $needed == "libc.so.6 libcrypto.so.3 libcurl.so.4 libssl.so.3" ]]; then
  pass "the plugin needs only libcurl, OpenSSL and glibc ($needed)"
else
  fail "the plugin needs more shared objects than libcurl, OpenSSL and glibc: $needed"
fi
depends=$(dpkg-deb -f "$deb" Depends)
if readelf -V "$unpacked/deb$plugin" | grep GLIBC_ABI_DT_RELR >/dev/null && [[ $depends != *"libc6 (>= 2.36)"* ]]; then
  fail "the plugin uses DT_RELR (glibc 2.36) but the package depends on: $depends"
else
  pass "Depends covers the loader features the plugin uses: $depends"
fi
built_using=$(dpkg-deb -f "$deb" Built-Using)
if [[ $built_using == *"boost1.74 (= "*"gcc-12 (= "* ]]; then
  pass "Built-Using names the linked-in copies: $built_using"
else
  fail "Built-Using does not name boost1.74 and gcc-12: '$built_using'"
fi

if [[ $install == 0 ]]; then
  skip "install, installed files, installed test and purge (--no-install)"
  finish
fi

# --- install -----------------------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -x installed >/dev/null; then
  echo "test-deb: $package is installed already; purging it first"
  dpkg --purge "$package" >/dev/null
fi
# Which of the package's paths exist before the install: shared directories (/usr/lib/nagios/plugins, ...)
# may stay after the purge, everything else must go.
mapfile -t package_paths < <(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's|^\./|/|' -e 's|/$||' | grep -v '^\.\?$')
declare -A existed_before=()
for p in "${package_paths[@]}"; do
  [[ -e $p || -L $p ]] && existed_before[$p]=1
done

# A fresh machine may need its package lists before the dependencies can be found.
if { apt-get install -y -q "$deb" || { apt-get update -q && apt-get install -y -q "$deb"; }; } >"$out/install.log" 2>&1
then
  pass "apt-get install $(basename "$deb")"
else
  cat "$out/install.log"
  fail "apt-get install $(basename "$deb")"
  finish
fi
dpkg -L "$package" | grep -v '^/\.$' >"$out/dpkg-L"

version_output=$("$plugin" --version 2>&1)
version_status=$?
echo "$version_output"
if [[ $version_status -eq 3 && $version_output == *"${version%%-*}"* ]]; then
  pass "$plugin --version exits 3 and prints ${version%%-*}"
else
  fail "$plugin --version exited $version_status; wanted 3 and ${version%%-*} in the output"
fi

if [[ -f $command_file ]]; then
  pass "CheckCommand installed as $command_file"
else
  fail "no $command_file"
fi
graph_template=/usr/share/icingaweb2/modules/graphite/templates/dmk_community.ini
if cmp -s "$graph_template" "$root/icinga-conf/graphite/dmk_community.ini"; then
  pass "graph template installed as $graph_template"
else
  fail "no $graph_template, or not icinga-conf/graphite/dmk_community.ini"
fi
# Debian's icinga2-common: include <plugins-contrib> reads this file, which includes plugins-contrib.d.
contrib_include=/usr/share/icinga2/include/plugins-contrib
if [[ -f $contrib_include ]]; then
  if grep -q 'include_recursive "plugins-contrib.d"' "$contrib_include"; then
    pass "$contrib_include includes plugins-contrib.d"
  else
    fail "$contrib_include does not include plugins-contrib.d"
  fi
else
  skip "icinga2-common not installed: $contrib_include not checked"
fi

# Icinga 2 itself loads the CheckCommand through `include <plugins-contrib>`: a service using it validates.
if command -v icinga2 >/dev/null && [[ -f $command_file ]]; then
  command_name=$(sed -n 's/^ *object CheckCommand "\([^"]*\)".*/\1/p' "$command_file" | head -n 1)
  conf_dir=$out/icinga2-validate
  mkdir -p "$conf_dir"
  cat >"$conf_dir/icinga2.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "/usr/lib/nagios/plugins"
include <itl>
include <plugins>
include <plugins-contrib>
object Host "dmk-package-test" { check_command = "dummy" }
object Service "dmk" { host_name = "dmk-package-test"; check_command = "$command_name" }
EOF
  chmod -R a+rX "$out"
  if icinga2 daemon -C -c "$conf_dir/icinga2.conf" >"$out/icinga2-validate.log" 2>&1; then
    pass "icinga2 daemon -C: CheckCommand \"$command_name\" loaded by include <plugins-contrib>"
  else
    tail -n 20 "$out/icinga2-validate.log"
    fail "icinga2 daemon -C did not accept a service using \"$command_name\""
  fi
else
  skip "icinga2 not installed: CheckCommand not validated by icinga2"
fi

if man -w check_dmk_community >/dev/null 2>&1 &&
   [[ -z $(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$(man -w check_dmk_community)" 2>&1 >/dev/null) ]]; then
  pass "man check_dmk_community renders without warnings"
else
  fail "man page check_dmk_community(1) missing or groff warns"
fi
if bash "$root/packaging/check-docs.sh" "$plugin"; then
  pass "every option of --help is in the man page and the README"
else
  fail "the man page or the README misses options of --help"
fi

if [[ -n $installed_test ]]; then
  echo "test-deb: running installed test: $installed_test"
  if (cd "$root" && bash -c "$installed_test"); then
    pass "installed test: $installed_test"
  else
    fail "installed test: $installed_test"
  fi
fi

# --- purge -------------------------------------------------------------------------------------------------
if dpkg --purge "$package" >"$out/purge.log" 2>&1; then
  pass "dpkg --purge $package"
else
  cat "$out/purge.log"
  fail "dpkg --purge $package"
fi
left=()
while IFS= read -r p; do
  if [[ -e $p || -L $p ]] && [[ -z ${existed_before[$p]:-} ]]; then
    left+=("$p")
  fi
done <"$out/dpkg-L"
if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -vx not-installed >/dev/null; then
  left+=("dpkg still lists $package: $(dpkg-query -W -f='${db:Status-Status}' "$package")")
fi
if [[ ${#left[@]} -eq 0 ]]; then
  pass "nothing of $package is left after the purge ($(wc -l <"$out/dpkg-L") paths checked)"
else
  printf '  left: %s\n' "${left[@]}"
  fail "files of $package left after the purge"
fi

finish
