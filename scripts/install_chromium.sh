#!/usr/bin/env bash
# Debian's chromium for the report's browser test (tests/python/test_report.py drives it with
# Playwright; Playwright's own browser download is not reachable here). Does nothing when chromium
# is already installed; as root with apt-get it installs it quietly; otherwise it says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: chromium is not installed; install it (Debian/Ubuntu: apt-get install chromium)" \
        "to run tests/python/test_report.py" >&2
    exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "install_chromium: installing Debian's chromium (apt-get) for the report's browser test" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
