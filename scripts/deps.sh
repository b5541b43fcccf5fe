#!/bin/bash
# Installs the Debian 12 packages the project needs. `deps.sh build` for building and the demo,
# `deps.sh lint` for scripts/lint.sh, `deps.sh web` for the web stage (tests/web: Graphite, Icinga Web 2 with Icinga DB, Director),
# `deps.sh all` (the default) for the whole test suite, the lint and the web stage.
# Runs apt-get only when something is missing, or always under CI (CI=true), where the machine may be
# brand new.
set -euo pipefail
build=(cmake g++ make pkg-config libboost-program-options-dev libcurl4-openssl-dev libssl-dev nlohmann-json3-dev
       libgtest-dev googletest openssl ca-certificates iproute2 util-linux mount)
tests=(icinga2-bin icinga2-common nagios-nrpe-server nagios-nrpe-plugin nagios4-core monitoring-plugins-basic monitoring-plugins-standard liburiparser1 curl jq
       python3 iptables procps locales sudo tinyproxy-bin bsd-mailx msmtp python3-aiosmtpd valgrind clang libclang-rt-14-dev hyperfine time
       debhelper dpkg-dev devscripts fakeroot lintian blhc binutils man-db)
# git: scripts/lint.sh lists the tracked files with it (and falls back to find without a work tree); python3
# runs its layers check (scripts/check_layers.py).
lint=(clang-format clang-tidy git python3)
# The web front ends (tests/web/run.sh, docs/web.md): large, so in a stage of their own.
web=(icinga2-bin icinga2-common monitoring-plugins-basic curl jq procps iproute2 util-linux graphite-carbon graphite-web gunicorn
     icingadb redis-server postgresql-15 postgresql-client-15 icingaweb2 icingadb-web icingaweb2-module-graphite
     php8.2-fpm php8.2-pgsql php8.2-curl php8.2-intl php8.2-gd php8.2-mbstring php8.2-xml nginx-light chromium
     icingaweb2-module-director icingacli php8.2-cli nagios-nrpe-server nagios-nrpe-plugin)
# Releases and their tests (packaging/release.sh, apt-repo.sh, test-release.sh) and the fresh-system test
# (tests/fresh/fresh_debian.sh).
release=(git reprepro gnupg diffoscope-minimal mmdebstrap)
case "${1:-all}" in
  build) wanted=("${build[@]}") ;;
  lint) wanted=("${build[@]}" "${lint[@]}") ;;
  web) wanted=("${web[@]}") ;;
  all) wanted=("${build[@]}" "${tests[@]}" "${lint[@]}" "${web[@]}" "${release[@]}") ;;
  *) echo "usage: $0 [build|lint|web|all]" >&2; exit 2 ;;
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
