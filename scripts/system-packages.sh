#!/usr/bin/env bash
# Install whichever of the named Debian packages are missing, as root with apt-get: chromium, fonts-noto-cjk
# (what chart images and PDF receipts need), tesseract-ocr and tesseract-ocr-chi-sim (what the tests read images
# back with), poppler-utils (what they read PDFs back with).
# Without root or apt-get it names what is missing on stderr and exits 1.
set -euo pipefail
missing=()
for pkg in "$@"; do
    case $pkg in
        chromium) command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] ;;
        fonts-noto-cjk) [ -n "$(fc-list 'Noto Sans CJK SC' family 2>/dev/null)" ] ;;  # the face PDF receipts embed
        tesseract-ocr) command -v tesseract >/dev/null 2>&1 ;;
        tesseract-ocr-chi-sim) [[ "$(tesseract --list-langs 2>/dev/null)" == *chi_sim* ]] ;;
        *) dpkg -s "$pkg" >/dev/null 2>&1 ;;
    esac || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
fi
echo "缺少系统软件包：${missing[*]}。请以 root 身份执行 apt-get install -y ${missing[*]}" >&2
exit 1
