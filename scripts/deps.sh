#!/bin/bash
# Installs the Debian 12 packages the project needs. `deps.sh build` for building and the demo,
# `deps.sh lint` for scripts/lint.sh, `deps.sh all` (the default) for the whole test suite and the lint.
# Runs apt-get only when something is missing, or always under CI (CI=true), where the machine may be
# brand new.
set -euo pipefail
build=(cmake g++ make pkg-config libboost-program-options-dev libcurl4-openssl-dev libssl-dev nlohmann-json3-dev
       libgtest-dev googletest openssl ca-certificates iproute2 util-linux mount)
tests=(icinga2-bin icinga2-common nagios-nrpe-server nagios-nrpe-plugin nagios4-core monitoring-plugins-basic monitoring-plugins-standard liburiparser1 curl jq
       python3 iptables procps locales sudo tinyproxy-bin bsd-mailx msmtp python3-aiosmtpd valgrind clang libclang-rt-14-dev hyperfine time
       debhelper dpkg-dev devscripts fakeroot lintian blhc binutils man-db)
lint=(clang-format clang-tidy)
# Releases and their tests (packaging/release.sh, apt-repo.sh, test-release.sh) and the fresh-system test
# (tests/fresh/fresh_debian.sh).
release=(git reprepro gnupg diffoscope-minimal mmdebstrap)
case "${1:-all}" in
  build) wanted=("${build[@]}") ;;
  lint) wanted=("${build[@]}" "${lint[@]}") ;;
  all) wanted=("${build[@]}" "${tests[@]}" "${lint[@]}" "${release[@]}") ;;
  *) echo "usage: $0 [build|lint|all]" >&2; exit 2 ;;
esac
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${CI:-}" = true ] || [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing packages (run as root to install them): ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # policy-rc.d: packages such as nagios-nrpe-server must not start system services here; the tests
  # start their own daemons in private namespaces.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y --no-install-recommends "${wanted[@]}"
fi
# A German locale for the tests that prove numbers are written with '.' whatever the locale.
if [ "${1:-all}" = all ] && ! locale -a 2>/dev/null | grep -qi '^de_DE.utf8$'; then
  localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
