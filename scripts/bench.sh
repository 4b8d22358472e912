#!/usr/bin/env bash
# Benchmarks for gongshi. Rerunnable; prints a table at the end.
#
#   scripts/bench.sh [--only NAME[,NAME...]] [--items N] [--runs N] [--no-build] [--keep]
#
# Measurements (one function `bench_NAME` each; add more below and list them in ALL):
#   check       `gongshi check` on a generated N-item site (default 10000): min/median of
#               --runs runs (hyperfine when installed, else a bash loop), plus max RSS
#   small       `gongshi check` on the small test site (the baseline for the two below)
#   alias_bomb  check on the small site plus an item file that is a YAML alias bomb
#   huge_file   check on the small site plus a 50 MB item file
#   build_web   `gongshi build --no-print` of the N-item site into a fresh folder
#   print       every print product of the bundled example (content/), fresh and reused
#
# Needs python3 (scripts/gen-large-site.py) and GNU time at /usr/bin/time for max RSS
# (`apt-get install -y time`); hyperfine is used when present (`apt-get install -y hyperfine`).
# Honours CARGO_TARGET_DIR; GONGSHI_BIN=path (with --no-build) times another binary. Temporary sites go to one temp folder, removed at exit unless --keep.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${GONGSHI_BIN:-$TARGET/release/gongshi}"
ALL=(check small alias_bomb huge_file build_web print)
ONLY=""
ITEMS=10000
RUNS=5
BUILD=1
KEEP=0

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#*=}"; shift ;;
    --items) ITEMS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gongshi-bench.XXXXXX")"
cleanup() { if [[ $KEEP == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

RESULTS=()   # "name|what|wall|max RSS|note"
record() { RESULTS+=("$1|$2|$3|$4|$5"); }
log() { printf '\n== %s\n' "$*" >&2; }

# ---- helpers ---------------------------------------------------------------------------

build() {
  if [[ $BUILD == 1 ]]; then
    log "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
  fi
  [[ -x "$BIN" ]] || { echo "no binary at $BIN (build first or set CARGO_TARGET_DIR)" >&2; exit 2; }
}

# now_ms: wall clock in milliseconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# time_runs LABEL CMD...: min/median wall time over $RUNS runs -> "min|median" (seconds).
time_runs() {
  local label="$1"; shift
  if command -v hyperfine >/dev/null; then
    local json="$WORK/hyperfine-$label.json"
    hyperfine --shell=none --warmup 1 --runs "$RUNS" --ignore-failure --style basic \
      --export-json "$json" "$(printf '%q ' "$@")" >&2
    python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['min']:.3f}|{r['median']:.3f}")
PY
  else
    "$@" >/dev/null 2>&1 || true   # warm-up
    local times=() t0 i
    for ((i = 0; i < RUNS; i++)); do
      t0=$(now_ms)
      "$@" >/dev/null 2>&1 || true
      times+=($(( $(now_ms) - t0 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f|%.3f\n", a[1]/1000, a[int((NR+1)/2)]/1000}'
  fi
}

# time_rss CMD...: one run under GNU time -> "wall seconds|max RSS MB|exit code".
time_rss() {
  local out="$WORK/time-v.txt" code=0
  if [[ ! -x /usr/bin/time ]]; then
    local t0; t0=$(now_ms)
    "$@" >"$WORK/last-stdout.txt" 2>&1 || code=$?
    echo "$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN {printf "%.3f", ms/1000}')|n/a|$code"
    return
  fi
  /usr/bin/time -v -o "$out" "$@" >"$WORK/last-stdout.txt" 2>&1 || code=$?
  awk -v code="$code" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $NF / 1024 }
    END { printf "%.3f|%.1f|%s\n", wall, rss, code }' "$out"
}

# The small test site of tests/common/mod.rs (TestSite::new), written into $1.
small_site() {
  local d="$1"
  mkdir -p "$d/content/windows" "$d/content/staff" "$d/content/photos" "$d/content/rules" "$d/content/items"
  cat >"$d/site.yaml" <<'EOF'
title: 测试中心
base_url: https://example.gov.cn/center/
center:
  address: 人民路 1 号
  hours: 9:00-17:00
  phone: 0123-1000
  complaint_phone: "12345"
EOF
  printf 'number: "1"\nname: 公积金窗口\nchief: zhang\nrules: [first]\n' >"$d/content/windows/gjj.yaml"
  printf 'name: 张三\nwindow: gjj\nphoto: photos/zhang.jpg\npost: 受理员\n' >"$d/content/staff/zhang.yaml"
  cp "$(find "$ROOT/content/photos" -name '*.jpg' | sort | head -1)" "$d/content/photos/zhang.jpg"
  printf -- '---\ntitle: 首问负责制\n---\n正文\n' >"$d/content/rules/first.md"
  cat >"$d/content/items/withdraw.yaml" <<'EOF'
name: 公积金提取
code: "GJJ-1"
window: gjj
case_type: promised
basis:
  - 《住房公积金管理条例》第二十四条
materials:
  - name: 身份证
    original: 1
procedure:
  - name: 受理
    limit: 即办
  - name: 审核
time_limit:
  legal: 3日
  promised: 1个工作日
fees: 不收费
EOF
}

large_site() {
  local d="$WORK/large-$ITEMS"
  if [[ ! -f "$d/site.yaml" ]]; then
    log "python3 scripts/gen-large-site.py $ITEMS $d"
    local t0; t0=$(now_ms)
    python3 "$ROOT/scripts/gen-large-site.py" "$ITEMS" "$d" >&2
    echo "generated in $(( $(now_ms) - t0 )) ms" >&2
  fi
  echo "$d"
}

# ---- measurements ----------------------------------------------------------------------

bench_check() {
  local site; site="$(large_site)"
  local files; files=$(find "$site/content" -type f \( -name '*.yaml' -o -name '*.md' \) | wc -l)
  log "gongshi check on $ITEMS items ($files content files)"
  local runs; runs="$(time_runs check "$BIN" check "$site")"
  local rss; rss="$(time_rss "$BIN" check "$site")"
  local summary; summary="$(tail -1 "$WORK/last-stdout.txt")"
  record "check" "check $ITEMS items" "min ${runs%|*} s, median ${runs#*|} s" "$(cut -d'|' -f2 <<<"$rss") MB" "exit $(cut -d'|' -f3 <<<"$rss"); $summary"
}

bench_small() {
  local site="$WORK/small"
  rm -rf "$site"; small_site "$site"
  log "gongshi check on the small test site"
  local runs; runs="$(time_runs small "$BIN" check "$site")"
  local rss; rss="$(time_rss "$BIN" check "$site")"
  record "small" "check small site" "min ${runs%|*} s, median ${runs#*|} s" "$(cut -d'|' -f2 <<<"$rss") MB" "exit $(cut -d'|' -f3 <<<"$rss")"
}

bench_alias_bomb() {
  local site="$WORK/alias-bomb"
  rm -rf "$site"; small_site "$site"
  # 10 × 10^20 expansions if an alias budget did not stop it.
  python3 - "$site/content/items/bomb.yaml" <<'PY'
import sys
lines = ["name: &a [x, x, x, x, x, x, x, x, x, x]"]
for i in range(20):
    prev = "a" if i == 0 else f"l{i-1}"
    lines.append(f"l{i}: &l{i} [" + ", ".join([f"*{prev}"] * 10) + "]")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
  log "gongshi check with an alias bomb"
  local r; r="$(time_rss "$BIN" check "$site" --format json --lang en)"
  local codes; codes="$(grep -o '"code":"[EW][0-9]*"' "$WORK/last-stdout.txt" | cut -d'"' -f4 | sort -u | tr '\n' ' ')"
  record "alias_bomb" "check + alias bomb" "$(cut -d'|' -f1 <<<"$r") s" "$(cut -d'|' -f2 <<<"$r") MB" "exit $(cut -d'|' -f3 <<<"$r"); $codes"
}

bench_huge_file() {
  local site="$WORK/huge-file"
  rm -rf "$site"; small_site "$site"
  python3 - "$site/content/items/huge.yaml" <<'PY'
import sys
line = b"# padding padding padding padding padding\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"name: x\n")
    f.write(line * (50 * 1024 * 1024 // len(line) + 1))
PY
  local mb; mb=$(( $(stat -c %s "$site/content/items/huge.yaml") / 1024 / 1024 ))
  log "gongshi check with a $mb MB item file"
  local r; r="$(time_rss "$BIN" check "$site" --format json --lang en)"
  local codes; codes="$(grep -o '"code":"[EW][0-9]*"' "$WORK/last-stdout.txt" | cut -d'"' -f4 | sort -u | tr '\n' ' ')"
  record "huge_file" "check + ${mb} MB file" "$(cut -d'|' -f1 <<<"$r") s" "$(cut -d'|' -f2 <<<"$r") MB" "exit $(cut -d'|' -f3 <<<"$r"); $codes"
}

bench_build_web() {
  local site; site="$(large_site)"
  log "gongshi build --no-print on $ITEMS items"
  local out="$WORK/build-web-out"
  rm -rf "$out"
  local first; first="$(time_rss "$BIN" build "$site" --no-print -o "$out")"
  local summary; summary="$(tail -1 "$WORK/last-stdout.txt")"
  local again; again="$(time_rss "$BIN" build "$site" --no-print -o "$out")"
  record "build_web" "web build $ITEMS items" "fresh $(cut -d'|' -f1 <<<"$first") s, replacing $(cut -d'|' -f1 <<<"$again") s" "$(cut -d'|' -f2 <<<"$first") MB" "exit $(cut -d'|' -f3 <<<"$first"); $summary"
}

bench_print() {
  local out="$WORK/print-out"
  rm -rf "$out"
  log "gongshi print on the bundled example"
  local fresh; fresh="$(time_rss "$BIN" print "$ROOT" -o "$out")"
  local summary; summary="$(tail -1 "$WORK/last-stdout.txt")"
  local reused; reused="$(time_rss "$BIN" print "$ROOT" -o "$out")"
  record "print" "all print products" "fresh $(cut -d'|' -f1 <<<"$fresh") s, unchanged $(cut -d'|' -f1 <<<"$reused") s" "$(cut -d'|' -f2 <<<"$fresh") MB" "exit $(cut -d'|' -f3 <<<"$fresh"); $summary"
}

# ---- main ------------------------------------------------------------------------------

selected=("${ALL[@]}")
if [[ -n "$ONLY" ]]; then
  IFS=',' read -r -a selected <<<"$ONLY"
  for name in "${selected[@]}"; do
    declare -F "bench_$name" >/dev/null || { echo "unknown measurement: $name (known: ${ALL[*]})" >&2; exit 2; }
  done
fi

build
for name in "${selected[@]}"; do "bench_$name"; done

echo
echo "gongshi benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$BIN" --version)"
printf '%-11s | %-22s | %-28s | %-9s | %s\n' measurement what "wall time" "max RSS" note
printf '%s\n' "------------|------------------------|------------------------------|-----------|------"
for row in "${RESULTS[@]}"; do
  IFS='|' read -r name what wall rss note <<<"$row"
  printf '%-11s | %-22s | %-28s | %-9s | %s\n' "$name" "$what" "$wall" "$rss" "$note"
done
