#!/bin/bash
# Publishes a release made by packaging/release.sh into a signed apt repository (reprepro), for machines that
# add it as an apt source (packaging/README.md, "The apt repository: install, upgrade, roll back").
#
# Usage: packaging/apt-repo.sh --key KEYID REPO RELEASE_DIR
#   --key KEYID  the GPG key that signs the repository (its secret key in $GNUPGHOME or ~/.gnupg, no passphrase
#                prompt: run it where gpg-agent has the key unlocked, or use a key without one)
#   REPO         the repository directory (created with its conf/distributions when new)
#   RELEASE_DIR  what release.sh left: .dsc, .tar.xz, .deb files and SHA256SUMS (checked before anything is added)
#
# The repository has two suites: bookworm holds the newest release, bookworm-previous the one before (reprepro
# keeps one version per package and suite). Publishing a new version first copies the current one to
# bookworm-previous, so a machine that lists both suites can roll back with
# `apt-get install --allow-downgrades monitoring-plugins-dmk-community=<old version>`.
# The public key is exported as REPO/archive-key.gpg (for signed-by=) and REPO/archive-key.asc.
set -euo pipefail
key=
if [[ ${1:-} == --key && $# -ge 2 ]]; then
  key=$2
  shift 2
fi
if [[ -z $key || $# -ne 2 ]]; then
  echo "usage: $0 --key KEYID REPO RELEASE_DIR" >&2
  exit 2
fi
mkdir -p "$1"
repo=$(cd "$1" && pwd)
release=$(cd "$2" && pwd)
arch=$(dpkg --print-architecture)

(cd "$release" && sha256sum --quiet -c SHA256SUMS) || { echo "apt-repo: $release does not match its SHA256SUMS" >&2; exit 1; }
shopt -s nullglob
dscs=("$release"/*.dsc)
debs=("$release"/*.deb)
if [[ ${#dscs[@]} -ne 1 || ${#debs[@]} -eq 0 ]]; then
  echo "apt-repo: $release holds no release (one .dsc and its .deb files)" >&2
  exit 1
fi
source_name=$(sed -n 's/^Source: *//p' "${dscs[0]}")
version=$(sed -n 's/^Version: *//p' "${dscs[0]}")

if [[ ! -f $repo/conf/distributions ]]; then
  mkdir -p "$repo/conf"
  for suite in bookworm bookworm-previous; do
    cat <<EOC
Origin: check_dmk_community
Label: check_dmk_community
Codename: $suite
Architectures: $arch source
Components: main
Description: check_dmk_community releases for Debian 12 ($suite)
SignWith: $key

EOC
  done >"$repo/conf/distributions"
  echo "apt-repo: new repository $repo (suites bookworm, bookworm-previous; $arch and source)"
fi
reprepro_() { reprepro --basedir "$repo" --silent "$@"; }

current=$(reprepro_ --list-format '${$source}_${$sourceversion}\n' -T dsc list bookworm "$source_name" | head -n 1)
current=${current#*_}
if [[ -n $current && $current != "$version" ]]; then
  echo "apt-repo: $source_name $current moves to bookworm-previous"
  reprepro_ removesrc bookworm-previous "$source_name"
  reprepro_ copysrc bookworm-previous bookworm "$source_name"
  reprepro_ removesrc bookworm "$source_name"
fi
reprepro_ includedsc bookworm "${dscs[0]}"
for deb in "${debs[@]}"; do
  reprepro_ includedeb bookworm "$deb"
done
# Every suite's indices and signed Release files, also for a suite that holds nothing yet (bookworm-previous
# before the second release): a machine listing both suites needs both to update.
reprepro_ export
gpg --batch --yes --export "$key" >"$repo/archive-key.gpg"
gpg --batch --yes --armor --export "$key" >"$repo/archive-key.asc"
echo "apt-repo: $source_name $version published in $repo:"
for suite in bookworm bookworm-previous; do
  reprepro_ list "$suite" | sed 's/^/  /'
done
