#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]: reruns the cargo-fuzz targets in fuzz/ one after the
# other, each for SECONDS (default 600), at the lowest CPU priority, and prints a summary
# (run time, executions, findings). Needs a nightly toolchain and `cargo install cargo-fuzz`.
#
#   scripts/fuzz.sh                     # every target, 10 minutes each
#   scripts/fuzz.sh 60 markdown amount  # two targets, one minute each
#   /work/bin/slot scripts/fuzz.sh      # on a shared machine: hold one CPU slot throughout
#
# Seeds come from fuzz/corpus/TARGET (in the repository, never written to); what libFuzzer
# learns goes to $FUZZ_WORK/TARGET (default fuzz/work, ignored by git), so later runs start
# where earlier ones stopped. A crash, hang or out-of-memory input is saved under
# fuzz/artifacts/TARGET/; reproduce it with `cargo +nightly fuzz run TARGET FILE`, fix the
# library, and turn the input into a regression test that `cargo test` runs (a unit test beside
# the code, or a test in tests/ that runs the binary), never into a test of the fuzz crate.
#
# Sanitizer: none. The code is safe Rust; what we look for are panics, overflows (debug
# assertions are on), hangs and unbounded memory, and without ASan a target runs several times
# faster. Set FUZZ_SANITIZER=address to use ASan anyway.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
sanitizer=${FUZZ_SANITIZER:-none}
work=${FUZZ_WORK:-fuzz/work}
nice=(nice -n 19)

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: needs a nightly toolchain and cargo-fuzz:" >&2
  echo "  rustup toolchain install nightly && cargo install cargo-fuzz" >&2
  exit 2
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

echo "== building ${targets[*]} (sanitizer: $sanitizer)"
"${nice[@]}" cargo +nightly fuzz build -s "$sanitizer" || exit 2

summary=()
failed=0
for target in "${targets[@]}"; do
  mkdir -p "$work/$target" "fuzz/artifacts/$target"
  log="$work/$target.log"
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  echo "== $target for ${seconds}s (log: $log)"
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: 2 GB is out of memory.
  "${nice[@]}" cargo +nightly fuzz run -s "$sanitizer" "$target" \
    "$work/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1
  status=$?
  after=$(find "fuzz/artifacts/$target" -type f | wc -l)
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1)
  corpus=$(find "$work/$target" -type f | wc -l)
  found=$((after - before))
  if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    grep -m3 -E 'panicked|ERROR: libFuzzer|Test unit written' "$log" | sed 's/^/   /'
  fi
  summary+=("$(printf '%-14s %6ss %12s execs %6s corpus  %s new findings (exit %s)' \
    "$target" "${took:-?}" "${runs:-?}" "$corpus" "$found" "$status")")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
