#!/usr/bin/env bash
# Where the time of a web build goes: a CPU profile of `gongshi build --no-print` on the
# generated corpus, summarised by share.
#
#   scripts/profile.sh [N] [--no-build] [--keep]
#
# Generates N items (default 10000) with the corpus generator (tests/common/corpus.rs) into
# /dev/shm, records the build with `perf record --call-graph dwarf` (Debian: `apt-get install
# -y linux-perf`), and prints the self time grouped by where it lands (crate, libc
# allocation, kernel), the heaviest symbols, and the inclusive time of gongshi's own
# functions. Honours CARGO_TARGET_DIR and GONGSHI_BIN.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${GONGSHI_BIN:-$TARGET/profiling/gongshi}"
GEN="$TARGET/profiling/examples/gen_site"
N=10000
BUILD=1
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) N="$1"; shift ;;
  esac
done
command -v perf >/dev/null || { echo "needs perf (apt-get install -y linux-perf)" >&2; exit 2; }
if [[ $BUILD == 1 ]]; then
  (cd "$ROOT" && cargo build --profile profiling --quiet --bin gongshi --example gen_site)
fi

WORK="$(mktemp -d /dev/shm/gongshi-profile.XXXXXX)"
cleanup() { if [[ $KEEP == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

"$GEN" "$N" "$WORK/site" >&2
"$BIN" build "$WORK/site" --no-print -o "$WORK/out" >/dev/null 2>&1   # warm the page cache
rm -rf "$WORK/out"
perf record -q -F 499 --call-graph dwarf,16384 -o "$WORK/perf.data" -- \
  "$BIN" build "$WORK/site" --no-print -o "$WORK/out" >/dev/null 2>"$WORK/perf.err"

perf report -i "$WORK/perf.data" --no-children --no-inline --sort dso,sym --stdio -q -g none \
  --percent-limit 0 2>/dev/null | sed '/^$/d' >"$WORK/flat.txt"

echo "## gongshi build --no-print, $N items: self time by where it lands"
echo
echo "| share | where |"
echo "| ---: | --- |"
awk '
  {
    pct = $1; sub(/%/, "", pct); dso = $2
    sym = $0; sub(/^[^\]]*\] /, "", sym)
    if (dso ~ /kernel/)                                       g = "kernel (files, page faults, threads)"
    else if (sym ~ /^(_int_|__libc_|malloc|free|cfree|realloc|calloc|unlink_chunk|__rustc::__r)/) g = "allocation: malloc/free (libc) and Rust allocator shims"
    else if (sym ~ /^__(mem|str)/)                            g = "libc: memcpy/memmove/memcmp"
    else if (sym ~ /qrcode/)                                  g = "qrcode (QR encoding, mask choice)"
    else if (sym ~ /tera/)                                    g = "tera (templates)"
    else if (sym ~ /saphyr|granit/)                           g = "YAML parsing (serde-saphyr, granit-parser)"
    else if (sym ~ /pulldown_cmark/)                          g = "pulldown-cmark (Markdown)"
    else if (sym ~ /serde_json/)                              g = "serde_json"
    else if (sym ~ /blake3/)                                  g = "blake3"
    else if (sym ~ /image::|zune_|png::/)                      g = "image (photos)"
    else if (sym ~ /rayon|crossbeam/)                         g = "rayon (scheduling)"
    else if (sym ~ /gongshi::render::search/)                 g = "gongshi: search index"
    else if (sym ~ /gongshi::graphics/)                       g = "gongshi: graphics (flowchart, QR SVG)"
    else if (sym ~ /gongshi::(content|check)/)                g = "gongshi: loading and checks"
    else if (sym ~ /gongshi::/)                               g = "gongshi: other own code"
    else if (sym ~ /(core|alloc|std|hashbrown)::|<.*as core::/) g = "Rust std (strings, fmt, hashing, collections)"
    else                                                      g = "other (" dso ")"
    share[g] += pct
  }
  END { for (g in share) if (share[g] >= 0.5) printf "| %.1f %% | %s |\n", share[g], g }' "$WORK/flat.txt" | sort -t'|' -k2 -rn

echo
echo "Heaviest symbols (self time):"
echo
head -20 "$WORK/flat.txt" | sed 's/^ */    /'
echo
echo "Inclusive time (self and callees) of gongshi's functions, at least 1 %:"
echo
perf report -i "$WORK/perf.data" --children --no-inline --sort sym --stdio -q -g none \
  --percent-limit 1 2>/dev/null | grep -E '\] (gongshi::|qrcode::QrCode::)' | sed 's/^ */    /'
echo
perf report -i "$WORK/perf.data" --stdio -g none --sort dso 2>/dev/null | grep -m1 '^# Samples' || true
