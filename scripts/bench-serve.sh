#!/usr/bin/env bash
# Benchmark of `gongshi serve`: with a generated site of N items (default 10000), edit one
# item and measure the time from the save to the `reload` event on the live-reload stream.
#
#     scripts/bench-serve.sh [N] [ROUNDS]
#
# Builds gongshi in release mode, generates the site with the corpus generator
# (tests/common/corpus.rs, `cargo run --release --example gen_site`) into a temp folder,
# starts `gongshi serve` on a free port, connects to /__gongshi/events and rewrites one item
# ROUNDS times (default 7). The print preview is off (--no-print): a 10,000-item site has
# 20,000 sheets, printed in the background on the same two cores. Prints each figure, the
# median, and the server's own per-rebuild log lines. The bar (issue 5) is a median under
# 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
rounds="${2:-7}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongshi-target}"
# GONGSHI_BIN=path/to/gongshi skips the release build (for a quick look with another build).
bin="${GONGSHI_BIN:-}"
if [ -z "$bin" ]; then
    cargo build --release --quiet --bin gongshi
    bin="$CARGO_TARGET_DIR/release/gongshi"
fi
cargo build --release --quiet --example gen_site
gen="$CARGO_TARGET_DIR/release/examples/gen_site"

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$gen" "$n" "$work/site" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve "$work/site" --port "$port" --no-print >"$work/serve.log" 2>"$work/serve.err" &
server=$!

python3 - "$work/site" "$work/serve.log" "$rounds" <<'PY'
import os, socket, statistics, sys, time, re, glob

site, log, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.time()
port = None
while time.time() - start < 300:
    with open(log, encoding="utf-8") as f:
        m = re.search(r"http://127\.0\.0\.1:(\d+)", f.read())
    if m:
        port = int(m.group(1))
        break
    time.sleep(0.1)
if port is None:
    sys.exit("serve did not start")
print(f"initial build and start: {time.time() - start:.1f} s")

s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET /__gongshi/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
buf = b""
def wait_for(token, timeout):
    global buf
    s.settimeout(timeout)
    deadline = time.perf_counter() + timeout
    while token not in buf:
        left = deadline - time.perf_counter()
        if left <= 0:
            return False
        s.settimeout(left)
        chunk = s.recv(65536)
        if not chunk:
            return False
        buf += chunk
    buf = buf[buf.index(token) + len(token):]
    return True
if not wait_for(b": connected", 60):
    sys.exit("no event stream")

items = sorted(glob.glob(os.path.join(site, "content", "items", "*.yaml")))
item = items[len(items) // 2]
original = open(item, encoding="utf-8").read()
figures = []
full = []
bulk = []
item_id = os.path.splitext(os.path.basename(item))[0]
page = f"items/{item_id}/index.html".encode()
def drain():
    global buf
    s.setblocking(False)
    try:
        while s.recv(65536):
            pass
    except (BlockingIOError, socket.timeout):
        pass
    s.setblocking(True)
    buf = b""
for i in range(rounds):
    time.sleep(1.0)  # let the previous round's events settle
    drain()
    text = original + f"# bench edit {i}\n"
    t0 = time.perf_counter()
    with open(item, "w", encoding="utf-8") as f:
        f.write(text)
    # The first event naming the edited page: the page the editor looks at reloads.
    if not wait_for(page, 5):
        sys.exit(f"round {i}: no reload event for {page.decode()} within 5 s")
    figures.append((time.perf_counter() - t0) * 1000)
    # Then the site-wide pages: home, search and sitemap are up to date too.
    if wait_for(b"sitemap.xml", 5):
        full.append((time.perf_counter() - t0) * 1000)
    # Last the bulk files: the search index and the open data.
    if wait_for(b"items.json", 5):
        bulk.append((time.perf_counter() - t0) * 1000)
print("edit -> reload event for the edited page (ms):", " ".join(f"{x:.0f}" for x in figures))
print(f"median: {statistics.median(figures):.0f} ms (includes the 25 ms debounce)")
if full:
    print("edit -> site-wide pages (home, search, sitemap) reloaded (ms):", " ".join(f"{x:.0f}" for x in full))
    print(f"median: {statistics.median(full):.0f} ms")
if bulk:
    print("edit -> search index and open data files reloaded (ms):", " ".join(f"{x:.0f}" for x in bulk))
    print(f"median: {statistics.median(bulk):.0f} ms")
PY
echo "server log (last rebuilds):"
tail -n 4 "$work/serve.log"
if [ -n "${GONGSHI_SERVE_TIMING:-}" ]; then tail -n 12 "$work/serve.err"; fi
