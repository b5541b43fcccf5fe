#!/bin/bash
# Makes a release from an annotated tag: the only way a version is released.
#
# Usage: packaging/release.sh [--repo DIR] [--once] vX.Y.Z [OUTDIR]
#   --repo DIR  the git repository holding the tag (default: the one this script is in)
#   --once      one build, no reproducibility check (for rebuilding an old release in a test)
#   OUTDIR      where the release goes, new or empty (default: release/vX.Y.Z in the repository)
#
# Refuses, before building anything: a tag that is not vX.Y.Z, a missing or lightweight (not annotated) tag, a
# dirty work tree (changed, staged or untracked files), and a tag whose X.Y.Z differs from the tagged commit's
# project(VERSION) in CMakeLists.txt or its debian/changelog version (packaging/check-version.sh), or whose
# changelog entry is still UNRELEASED or dated in the future.
#
# Builds from a clean `git archive` of the tag (nothing of the work tree gets in), with dpkg-buildpackage: the
# source package (.dsc and the native .tar.xz) and the binary packages (.deb, -dbgsym .deb), plus .buildinfo and
# .changes. Then the same again in another directory; the .dsc, .tar.xz and .deb files of both builds must be
# byte-identical (diffoscope shows the difference when they are not). OUTDIR gets the first build's files,
# RELEASE-NOTES (the tag's changelog entry) and SHA256SUMS over all of them. Missing build dependencies are named
# (scripts/deps.sh all installs them). Environment: JOBS (parallel jobs, default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
once=0
usage() { echo "usage: $0 [--repo DIR] [--once] vX.Y.Z [OUTDIR]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --repo) [[ $# -ge 2 ]] || usage; repo=$(cd "$2" && pwd); shift 2 ;;
    --once) once=1; shift ;;
    -*) usage ;;
    *) break ;;
  esac
done
[[ $# -eq 1 || $# -eq 2 ]] || usage
tag=$1
refuse() { echo "release: refused: $*" >&2; exit 1; }

[[ $tag =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]] || refuse "'$tag' is not a release tag vX.Y.Z"
version=${BASH_REMATCH[1]}
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || refuse "$repo is not a git repository"
if ! type=$(git -C "$repo" cat-file -t "refs/tags/$tag" 2>/dev/null); then
  refuse "no tag $tag in $repo (make it with: git tag -a $tag -m 'Release $version')"
fi
[[ $type == tag ]] ||
  refuse "$tag is a lightweight tag; a release needs an annotated one (git tag -d $tag; git tag -a $tag -m 'Release $version')"
dirty=$(git -C "$repo" status --porcelain --untracked-files=normal)
[[ -z $dirty ]] || refuse "the work tree of $repo is dirty (commit or remove these first):"$'\n'"$dirty"
commit=$(git -C "$repo" rev-parse "$tag^{commit}")

outdir=${2:-$repo/release/$tag}
[[ ! -e $outdir || -z $(ls -A "$outdir") ]] || refuse "$outdir is not empty"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d /tmp/dmk-release.XXXXXX)
trap 'rm -rf "$work"' EXIT

# unpack DIR: the tag's tree in DIR, with packaging/debian as debian/ (what dpkg-buildpackage wants).
unpack() {
  mkdir -p "$1"
  git -C "$repo" archive --format=tar "$tag" | tar -xf - -C "$1"
  mv "$1/packaging/debian" "$1/debian"
  chmod 755 "$1/debian/rules"
}
source_name=$(git -C "$repo" show "$commit:packaging/debian/control" | sed -n 's/^Source: *//p')
# The two builds run in directories of different names and depths: the build path must not reach the packages.
dir1=$work/a
dir2=$work/second-build/b
src1=$dir1/$source_name-$version
unpack "$src1"

# One version: the tag's X.Y.Z = project(VERSION) = the changelog's version, which is released.
sh "$here/check-version.sh" "$src1" >/dev/null || refuse "$tag: CMakeLists.txt and debian/changelog disagree (above)"
deb_version=$(dpkg-parsechangelog -l "$src1/debian/changelog" -S Version)
[[ $deb_version == "$version" ]] ||
  refuse "$tag says $version, but the tagged debian/changelog and project(VERSION) say $deb_version"
distribution=$(dpkg-parsechangelog -l "$src1/debian/changelog" -S Distribution)
[[ $distribution != UNRELEASED ]] || refuse "$tag: the changelog entry for $version is UNRELEASED (dch -r)"
# dpkg clamps the files' times in the packages to the changelog's date (SOURCE_DATE_EPOCH); a date still to come
# clamps nothing built before it, and two builds would differ in their files' times.
changelog_date=$(dpkg-parsechangelog -l "$src1/debian/changelog" -S Timestamp)
((changelog_date <= $(date +%s))) ||
  refuse "$tag: the changelog entry's date is in the future ($(dpkg-parsechangelog -l "$src1/debian/changelog" -S Date))"
echo "release: $tag = $version (commit $commit), from git archive"

(cd "$src1" && dpkg-checkbuilddeps) ||
  { echo "release: install the build dependencies above (bash scripts/deps.sh all)" >&2; exit 1; }

export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=${JOBS:-2}"
# build DIR: dpkg-buildpackage -us -uc (source and binaries) in DIR's copy of the tag; the log in DIR.log.
build() {
  local src=$1/$source_name-$version
  [[ -d $src ]] || unpack "$src"
  echo "release: build in $src (log: $1.log)"
  if ! (cd "$src" && dpkg-buildpackage -us -uc) >"$1.log" 2>&1; then
    tail -n 40 "$1.log" >&2
    echo "release: build in $src failed" >&2
    exit 1
  fi
}
build "$dir1"
shopt -s nullglob
# What is published, and must be reproducible; the .buildinfo and .changes record the build itself.
published() { (cd "$1" && ls -- *.dsc *.tar.* *.deb); }
if [[ $once == 0 ]]; then
  build "$dir2"
  different=()
  for f in $(published "$dir1"); do
    cmp -s "$dir1/$f" "$dir2/$f" || different+=("$f")
  done
  [[ $(published "$dir1") == "$(published "$dir2")" ]] ||
    different+=("(file names: $(published "$dir2" | paste -sd' '))")
  if [[ ${#different[@]} -gt 0 ]]; then
    echo "release: not reproducible: ${different[*]}" >&2
    if command -v diffoscope >/dev/null; then
      for f in "${different[@]}"; do
        [[ -f $dir1/$f && -f $dir2/$f ]] && { diffoscope --text - "$dir1/$f" "$dir2/$f" | head -n 200 >&2 || true; }
      done
    else
      echo "release: install diffoscope-minimal to see the differences" >&2
    fi
    exit 1
  fi
  echo "release: two builds gave identical $(published "$dir1" | paste -sd' ')"
fi

(cd "$dir1" && cp -- *.dsc *.tar.* *.deb *.buildinfo *.changes "$outdir/")
{
  echo "$source_name $version ($tag, commit $commit), $(dpkg-parsechangelog -l "$src1/debian/changelog" -S Date)"
  echo
  # The entry's lines (the field starts with an empty line, the entry's header line and a separator).
  dpkg-parsechangelog -l "$src1/debian/changelog" -S Changes | sed -e '1,3d' -e 's/^\.$//'
} >"$outdir/RELEASE-NOTES"
(cd "$outdir" && sha256sum -- $(ls | grep -vx SHA256SUMS) >SHA256SUMS)
echo "release: $tag in $outdir:"
(cd "$outdir" && ls -1 | sed 's/^/  /')
