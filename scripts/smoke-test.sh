#!/usr/bin/env bash
# Runs a release archive the way a user would, on this Linux machine: the Windows .zip
# under wine, the ARM .tar.gz under qemu-user, the x86-64 one natively.
#
#   scripts/smoke-test.sh dist/gongshi-VERSION-TARGET.(zip|tar.gz) [NATIVE_GONGSHI]
#
# The archive is unpacked into a folder whose path has spaces and Chinese characters, the
# example site's text files get CRLF line ends (as Notepad writes them), and then, with the
# site given as a full path (on Windows: drive letter and backslashes):
#   check  must exit 0;
#   build  must exit 0 and write the website and every PDF;
#   print  must exit 0 and write the same number of PDFs;
#   serve  must bind a port and answer GET / with 200.
# With NATIVE_GONGSHI (a gongshi for this machine), the PDFs printed from the unchanged
# example are compared byte for byte with the native ones (reported, not required).
#
# Needs: unzip and wine64 and x86_64-w64-mingw32-gcc (Windows; the bcryptprimitives shim,
# scripts/wine/, is built into the unpacked folder), qemu-user and libc6-arm64-cross (ARM),
# curl. Wine uses its own prefix in ~/.cache/gongshi-wine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
archive="$(realpath "$1")"
native="${2:-}"
name="$(basename "$archive")"
name="${name%.zip}"
name="${name%.tar.gz}"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
dir="$work/公示 测试 Test"
mkdir -p "$dir"

case "$name" in
  *windows*)
    unzip -q "$archive" -d "$dir"
    root="$dir/$name"
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$root/bcryptprimitives.dll" "$here/wine/bcryptprimitives.c"
    export WINEPREFIX="${WINEPREFIX:-$HOME/.cache/gongshi-wine}" WINEDEBUG=-all
    run() { wine "$root/gongshi.exe" "$@"; }
    # Paths as a Windows user types them: Z:\tmp\…\公示 测试 Test\…
    native_path() { winepath -w "$1" 2>/dev/null; }
    echo "wine: $(wine --version)"
    ;;
  *aarch64*)
    tar -xzf "$archive" -C "$dir"
    root="$dir/$name"
    run() { qemu-aarch64 -L /usr/aarch64-linux-gnu "$root/gongshi" "$@"; }
    native_path() { printf '%s' "$1"; }
    echo "qemu: $(qemu-aarch64 --version | head -1)"
    ;;
  *)
    tar -xzf "$archive" -C "$dir"
    root="$dir/$name"
    run() { "$root/gongshi" "$@"; }
    native_path() { printf '%s' "$1"; }
    ;;
esac

pass=0
fail=0
ok() { echo "  ok: $*"; pass=$((pass + 1)); }
bad() { echo "  FAILED: $*"; fail=$((fail + 1)); }
pdf_count() { find "$1" -name '*.pdf' 2>/dev/null | wc -l; }

echo "== $name in $dir"
run --version

# Unchanged example first (for the comparison), then the CRLF copy for the commands.
if [ -n "$native" ]; then
  run print "$(native_path "$root/example")" -o "$(native_path "$work/pdf-target")" >/dev/null 2>&1 || true
  GONGSHI_SYSTEM_FONTS=0 "$native" print "$root/example" -o "$work/pdf-native" >/dev/null 2>&1 || true
  same=0 differ=0
  while IFS= read -r f; do
    rel="${f#"$work/pdf-native/"}"
    if cmp -s "$f" "$work/pdf-target/$rel"; then same=$((same + 1)); else differ=$((differ + 1)); fi
  done < <(find "$work/pdf-native" -name '*.pdf' | sort)
  echo "  PDFs compared with the native build: $same identical, $differ different"
fi

site="$root/示例 站点"
cp -r "$root/example" "$site"
find "$site" -type f \( -name '*.yaml' -o -name '*.md' \) -exec sed -i 's/\r\{0,1\}$/\r/' {} +
crlf=$(grep -rlc $'\r' "$site" --include='*.yaml' --include='*.md' | wc -l)
echo "  $crlf YAML/Markdown files with CRLF line ends"
site_arg="$(native_path "$site")"

if out=$(run check "$site_arg" 2>&1); then ok "check: $(echo "$out" | tail -1)"; else bad "check: $out"; fi

public="$site/public"
if out=$(run build "$site_arg" 2>&1); then
  pages=$(find "$public" -name '*.html' | wc -l)
  pdfs=$(pdf_count "$public/print")
  [ "$pdfs" -gt 0 ] && [ -f "$public/index.html" ] && ok "build: $pages pages, $pdfs PDFs; says: $out" \
    || bad "build wrote $pages pages, $pdfs PDFs"
else
  bad "build: $out"
fi

if out=$(run print "$site_arg" 2>&1); then
  n=$(pdf_count "$site/print")
  [ "$n" -gt 0 ] && ok "print: $n PDFs; says: $out" || bad "print wrote no PDF"
else
  bad "print: $out"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run serve "$site_arg" --port "$port" --no-print >"$work/serve.log" 2>&1 &
server=$!
status=000
for _ in $(seq 1 120); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
  [ "$status" = 200 ] && break
  sleep 1
done
if [ "$status" = 200 ]; then ok "serve: GET / on port $port answered 200; says: $(head -3 "$work/serve.log" | tr '\n' ' ')"; else bad "serve: status $status; log: $(cat "$work/serve.log")"; fi
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
server=""

echo "== $name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
