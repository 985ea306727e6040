#!/usr/bin/env bash
# What the test suite needs beyond npm: Debian's Chromium for browser tests, espeak-ng, lame and mpg123 (the
# fast speech path and a real MP3 decoder; the npm builds are tested too), exiftool (reads image variants back
# to prove no GPS/EXIF is left), a Java runtime for the Nu HTML checker (vnu-jar ships only the jar), Varnish with
# varnish-modules (xkey: deploy/varnish.vcl runs in front of the app in test/varnish.test.ts), iproute2 (the
# multi-host test's network namespaces; it starts a PostgreSQL server of its own from the same Debian package) and
# a running PostgreSQL.
# Installs or starts them when missing (needs root for that); says clearly what is wrong otherwise.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
for program in espeak-ng lame mpg123; do command -v "$program" >/dev/null || missing+=("$program"); done
command -v exiftool >/dev/null || missing+=(libimage-exiftool-perl)
java -version >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -x /usr/sbin/varnishd ] || missing+=(varnish)
dpkg -s varnish-modules >/dev/null 2>&1 || missing+=(varnish-modules)
command -v ip >/dev/null || missing+=(iproute2)
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-prereqs: please install ${missing[*]} (Debian packages); the tests need them" >&2
    exit 1
  fi
  echo "test-prereqs: installing ${missing[*]} from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "test-prereqs: PostgreSQL is not running on 127.0.0.1:5432; starting it" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "test-prereqs: PostgreSQL did not start" >&2; exit 1; }
fi
