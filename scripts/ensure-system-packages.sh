#!/bin/sh
# Installs the named Debian packages that are missing. As root it runs apt-get itself;
# otherwise it prints the exact command to run and fails, so nothing half-works later.
set -eu
missing=""
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "labtracker: these system packages are missing:$missing" >&2
    echo "labtracker: this is not a Debian/Ubuntu system; install their equivalents and retry." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "labtracker: installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "labtracker: these system packages are missing:$missing" >&2
    echo "labtracker: run this, then retry:" >&2
    echo "    sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
