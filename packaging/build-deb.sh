#!/bin/bash
# Builds the binary Debian package from a clean copy of the tree and leaves the .deb, the -dbgsym .deb, the
# .buildinfo and the .changes in OUTDIR.
#
# Usage: packaging/build-deb.sh OUTDIR
#
# The copy holds the files git would commit: tracked files plus untracked files that are not ignored
# (git ls-files --cached --others --exclude-standard), so a dirty development tree builds as it is, without
# build directories or editor droppings. CMake build trees (directories holding a CMakeCache.txt) are left out
# even when .gitignore misses them. Outside a git checkout every file but .git is copied.
# packaging/debian becomes debian/ in the copy, then `dpkg-buildpackage -b -us -uc` runs there.
#
# Missing build dependencies are installed with `apt-get build-dep` on the copy when run as root; otherwise the
# script names them and stops. Environment: JOBS (parallel jobs, default 2), KEEP_BUILD_DIR=1 (keep the copy).
set -euo pipefail

if [[ $# -ne 1 || $1 == -* ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
mkdir -p "$1"
outdir=$(cd "$1" && pwd)
srcdir=$(cd "$(dirname "$0")/.." && pwd)

sh "$srcdir/packaging/check-version.sh" "$srcdir"

workdir=$(mktemp -d /tmp/dmk-deb.XXXXXX)
if [[ ${KEEP_BUILD_DIR:-0} != 1 ]]; then
  trap 'rm -rf "$workdir"' EXIT
fi
copy=$workdir/src
mkdir "$copy"

# Top-level directories of CMake build trees, relative to srcdir, to leave out of the copy.
mapfile -t build_trees < <(cd "$srcdir" && find . -path ./.git -prune -o -name CMakeCache.txt -printf '%h\n' |
                           sed 's|^\./||')

list_files() {
  if git -C "$srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$srcdir" ls-files -z --cached --others --exclude-standard
  else
    (cd "$srcdir" && find . -path ./.git -prune -o \( -type f -o -type l \) -printf '%P\0')
  fi
}

# Keep files that exist (a tracked file may be deleted in the work tree), outside build trees and outside a
# top-level debian/ (the packaging is packaging/debian only).
list_files | while IFS= read -r -d '' f; do
  [[ -e $srcdir/$f || -L $srcdir/$f ]] || continue
  [[ $f == debian/* ]] && continue
  for t in "${build_trees[@]}"; do
    [[ $f == "$t"/* ]] && continue 2
  done
  printf '%s\0' "$f"
done | (cd "$srcdir" && tar --null --no-recursion -T - -cf -) | tar -xf - -C "$copy"

mv "$copy/packaging/debian" "$copy/debian"
chmod 755 "$copy/debian/rules"

cd "$copy"
if ! dpkg-checkbuilddeps 2>/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    dpkg-checkbuilddeps || true
    echo "build-deb: install the build dependencies above (as root: apt-get build-dep $copy)" >&2
    exit 1
  fi
  echo "build-deb: installing build dependencies"
  export DEBIAN_FRONTEND=noninteractive
  apt-get build-dep -y "$copy" || { apt-get update && apt-get build-dep -y "$copy"; }
fi

export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=${JOBS:-2}"
dpkg-buildpackage -b -us -uc

source_name=$(dpkg-parsechangelog -S Source)
version=$(dpkg-parsechangelog -S Version)
cd "$workdir"
shopt -s nullglob
products=("$source_name"*_"${version#*:}"_*.deb "$source_name"_"${version#*:}"_*.buildinfo
          "$source_name"_"${version#*:}"_*.changes)
mv -f "${products[@]}" "$outdir/"
echo "build-deb: in $outdir:"
for p in "${products[@]}"; do
  echo "  $p"
done
if [[ ${KEEP_BUILD_DIR:-0} == 1 ]]; then
  echo "build-deb: build copy kept in $copy"
fi
