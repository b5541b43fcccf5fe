#!/bin/bash
# What a check would cost with a libcurl that has only what the plugin uses: an experiment for the decision
# issue 6 leaves open, not a way to build the product.
#
# Fetches Debian's own curl source package (the version and patches of the installed libcurl4, through a
# private apt source list: the machine's apt configuration is not touched), builds a static libcurl with
# HTTP, HTTPS and OpenSSL only (no LDAP, RTMP/GnuTLS, SSH, Kerberos, IDN, PSL, brotli, zstd, zlib, HTTP/2),
# and runs the benchmark (bench/run.sh, same options) with the plugin and the floor linked against it, in
# build-bench-mincurl/. The plugin then loads 4 shared objects instead of 33.
#   usage: sudo bash bench/minimal-libcurl.sh [--quick | --profile]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
build=${DMK_BENCH_BUILD:-$repo/build-bench-mincurl}
src=$build/curl-src
prefix=$build/curl
if [ "$(id -u)" != 0 ]; then
  echo "run as root: the benchmark installs packages and makes private network and mount namespaces" >&2
  exit 2
fi
bash "$repo/scripts/deps.sh" build
dpkg-query -W -f='${Status}' dpkg-dev 2>/dev/null | grep -q 'install ok installed' ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null; }

if [ ! -f "$prefix/lib/libcurl.a" ]; then
  version=$(dpkg-query -W -f='${source:Version}' libcurl4)
  echo "== fetching curl $version (Debian's source package) into $src"
  mkdir -p "$src/lists/partial"
  cat >"$src/sources.list" <<EOF
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
  apt=(-o "Dir::Etc::SourceList=$src/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$src/lists")
  apt-get "${apt[@]}" update -qq
  (cd "$src" && apt-get "${apt[@]}" source -qq "curl=$version" >/dev/null 2>&1)
  tree=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'curl-*' | head -1)
  [ -n "$tree" ] || { echo "could not fetch curl's source package" >&2; exit 2; }
  echo "== building a static libcurl with HTTP, HTTPS and OpenSSL only"
  eval "$(DEB_BUILD_MAINT_OPTIONS='hardening=+all' dpkg-buildflags --export=sh)"
  (cd "$tree" && ./configure --prefix="$prefix" --disable-shared --enable-static --with-openssl \
     --enable-threaded-resolver --disable-manual --disable-docs --disable-ldap --disable-ldaps \
     --without-librtmp --without-libssh2 --without-libpsl --without-libidn2 --without-nghttp2 \
     --without-brotli --without-zstd --without-zlib --without-gssapi --disable-ftp --disable-file \
     --disable-dict --disable-gopher --disable-imap --disable-pop3 --disable-rtsp --disable-smb \
     --disable-smtp --disable-telnet --disable-tftp --disable-mqtt \
     CFLAGS="$CFLAGS -fPIC" CPPFLAGS="$CPPFLAGS" LDFLAGS="$LDFLAGS" >"$src/configure.log" 2>&1 &&
   make -j2 -C lib >"$src/make.log" 2>&1 && make -C lib install >/dev/null && make -C include install >/dev/null) ||
    { echo "building libcurl failed; see $src/*.log" >&2; exit 2; }
fi
export DMK_BENCH_BUILD=$build DMK_BENCH_CURL_PREFIX=$prefix
exec bash "$here/run.sh" "$@"
