#!/usr/bin/env bash
# Run every test: ruff's style check, then pytest (arguments go to pytest, e.g. ./test.sh -m "not slow").
# Installs the Python packages; as root, also what the browser and image tests need (Chromium, CJK fonts, OCR data).
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
    if [ ${#missing[@]} -gt 0 ]; then
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
