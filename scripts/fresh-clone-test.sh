#!/usr/bin/env bash
# Checks the README's promise on this machine: a fresh clone with nothing beside it (no
# ../shared), no installed fonts and no poppler passes `cargo test` and builds the bundled
# example with every PDF.
#
#   scripts/fresh-clone-test.sh [COMMIT]     (default: HEAD of this repository)
#
# Needs root: it runs in a private mount namespace (unshare -m) in which /usr/share/fonts is
# an empty folder and poppler's programs (pdfinfo, pdffonts, pdftotext, pdftoppm) cannot be
# run; nothing changes outside that namespace. The clone goes to a new temp folder outside
# the repository's parent. Honours CARGO_TARGET_DIR (reuse one to skip compiling Typst) and
# RELEASE_TARGET_DIR for the release build (default: CARGO_TARGET_DIR); the release build
# names the host target explicitly, as scripts/release.sh does, so the two share artifacts.
# PROFILE=dev builds the example with the test build instead of --release (quicker).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="${1:-HEAD}"
work="$(mktemp -d /tmp/gongshi-fresh.XXXXXX)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/gongshi"
git -C "$work/gongshi" checkout -q "$(git -C "$repo" rev-parse "$commit")"
mkdir "$work/no-fonts"
export WORK="$work"
export RELEASE_TARGET_DIR="${RELEASE_TARGET_DIR:-${CARGO_TARGET_DIR:-$work/gongshi/target}}"
export HOST="$(rustc -vV | sed -n 's/^host: //p')"
export PROFILE="${PROFILE:-release}"
unshare -m bash -euo pipefail -c '
  mount --make-rprivate /
  mount --bind "$WORK/no-fonts" /usr/share/fonts
  for tool in pdfinfo pdffonts pdftotext pdftoppm; do
    path=$(command -v "$tool" || true)
    if [ -n "$path" ]; then mount --bind /dev/null "$path"; fi
  done
  cd "$WORK/gongshi"
  echo "== in $PWD; ../shared: $(ls -d ../shared 2>/dev/null || echo none)"
  echo "== fonts visible: $(find /usr/share/fonts -type f | wc -l); pdfinfo runs: $(pdfinfo -v >/dev/null 2>&1 && echo yes || echo no)"
  echo "== cargo test"
  cargo test 2>&1 | grep -E "^test result|FAILED|panicked|^error" 
  if [ "$PROFILE" = release ]; then
    export CARGO_TARGET_DIR="$RELEASE_TARGET_DIR"
    run() { cargo run --release --quiet --target "$HOST" -- "$@"; }
  else
    run() { cargo run --quiet -- "$@"; }
  fi
  echo "== cargo run ($PROFILE) -- build"
  run build
  echo "== PDFs: $(find public/print -name "*.pdf" | wc -l)"
  run print -o "$WORK/print" >/dev/null
  echo "== print: $(find "$WORK/print" -name "*.pdf" | wc -l) PDFs"
'
