#!/usr/bin/env bash
# Run every test: ruff's style check, then pytest (arguments go to pytest, e.g. ./test.sh -m "not slow").
# Installs the Python packages; as root, also what the browser, image and PDF tests need (Chromium, CJK fonts, OCR
# data, poppler's pdftotext).
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh
# without them the browser and image tests skip, saying why (and fail when CI=true)
scripts/system-packages.sh chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim poppler-utils || true
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
