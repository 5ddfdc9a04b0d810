#!/usr/bin/env bash
# Run every test. Installs the Python packages; as root, also Chromium and CJK fonts for the browser tests.
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
