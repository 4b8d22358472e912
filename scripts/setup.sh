#!/usr/bin/env bash
# Installs what gongshi's tests and print checks need on a fresh Debian machine:
# CJK fonts (print PDFs embed them), poppler-utils (PDF checks), Chromium (page tests),
# and the npm packages of scripts/webcheck (Nu HTML Checker, axe-core, puppeteer-core).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in fonts-noto-cjk poppler-utils chromium default-jre-headless; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
(cd scripts/webcheck && npm ci --no-audit --no-fund --silent)
echo "setup: fonts, poppler-utils, chromium, java and npm packages are in place"
