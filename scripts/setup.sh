#!/usr/bin/env bash
# Installs what CI (.ci/run) and the page checks need on a fresh Debian machine; building
# and `cargo test` need none of it (only a Rust toolchain):
# - Chromium, Java and the npm packages of scripts/webcheck (Nu HTML Checker, axe-core,
#   puppeteer-core) check every built page;
# - fonts-noto-cjk, so CI also proves that installed CJK fonts do not change the PDFs
#   (print uses the font bundled in gongshi; tests/print_products.rs compares).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in fonts-noto-cjk chromium default-jre-headless; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
(cd scripts/webcheck && npm ci --no-audit --no-fund --silent)
echo "setup: chromium, java, fonts-noto-cjk and the npm packages are in place"
