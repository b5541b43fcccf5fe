#!/bin/sh
# Fails unless the upstream version in the Debian changelog equals CMake's project(VERSION): the project keeps
# one version number (project(VERSION) in CMakeLists.txt) and debian/changelog must follow it.
#
# Usage: check-version.sh [SRCDIR]   (default: the tree this script is in)
# Reads SRCDIR/CMakeLists.txt and SRCDIR/debian/changelog if it exists (the build copy made by build-deb.sh),
# else SRCDIR/packaging/debian/changelog.
set -eu

srcdir=${1:-$(dirname "$0")/..}
changelog=$srcdir/debian/changelog
[ -f "$changelog" ] || changelog=$srcdir/packaging/debian/changelog

# project(<name> VERSION x.y.z ...), possibly spread over several lines; comments removed first.
cmake_version=$(sed 's/#.*//' "$srcdir/CMakeLists.txt" | tr '\n' ' ' |
  sed -n 's/.*[Pp][Rr][Oo][Jj][Ee][Cc][Tt] *( *[A-Za-z0-9_.+-]* *VERSION *\([0-9][0-9.]*\).*/\1/p')
if [ -z "$cmake_version" ]; then
  echo "check-version: no project(... VERSION x.y.z) in $srcdir/CMakeLists.txt" >&2
  exit 1
fi

deb_version=$(dpkg-parsechangelog -l "$changelog" -S Version)
# Upstream part of [epoch:]upstream[-revision]; a native package has no revision.
upstream=${deb_version#*:}
case $upstream in *-*) upstream=${upstream%-*} ;; esac

if [ "$upstream" != "$cmake_version" ]; then
  echo "check-version: $changelog has $deb_version (upstream $upstream)," \
       "but CMakeLists.txt has project(VERSION $cmake_version); add a changelog entry (dch -v $cmake_version)" >&2
  exit 1
fi
echo "check-version: $cmake_version (CMakeLists.txt) = $deb_version ($changelog)"
