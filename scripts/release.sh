#!/usr/bin/env bash
# Builds the archives people download, one per target, into dist/ with their SHA-256 sums:
#
#   gongshi-VERSION-x86_64-unknown-linux-gnu.tar.gz    Linux, x86-64
#   gongshi-VERSION-aarch64-unknown-linux-gnu.tar.gz   Linux, ARM64 (Kunpeng, Phytium, …)
#   gongshi-VERSION-x86_64-pc-windows-gnu.zip          Windows 10/11, x86-64
#
# Each holds the binary (`[profile.dist]`: stripped, LTO; the CJK font is inside it),
# README.md, docs/install.md, the licences (gongshi's, the bundled font's OFL and every
# Rust crate's, licenses/) and the bundled example site (example/: site.yaml + content/).
#
#   scripts/release.sh [--setup] [--dist DIR] [TARGET...]     (default: all three targets)
#
# --setup installs what cross builds need (rustup targets; gcc-aarch64-linux-gnu,
# gcc-mingw-w64-x86-64 and zip with apt-get). Each target compiles Typst from scratch the
# first time (about 10–15 min on 2 cores); later runs only rebuild gongshi. Honours
# CARGO_TARGET_DIR. scripts/smoke-test.sh runs an archive (wine for Windows, qemu for ARM).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu)
dist=dist
setup=0
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --setup) setup=1; shift ;;
    --dist) dist="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")

if [[ $setup == 1 ]]; then
  rustup target add aarch64-unknown-linux-gnu x86_64-pc-windows-gnu
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-mingw-w64-x86-64 zip >/dev/null
fi

# Cross linkers (the cc crate finds the matching C compilers by their prefix).
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
target_dir="${CARGO_TARGET_DIR:-target}"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# Archive timestamps: the last commit, so the same commit gives the same archives.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"

# Writes licenses/THIRD-PARTY.md for TARGET: each crate in the binary, its licence
# expression and the text of its licence files from the cargo registry.
third_party() {
  cargo metadata --format-version 1 --locked --filter-platform "$1" \
    | python3 scripts/third-party-licenses.py > "$2"
}

for target in "${targets[@]}"; do
  echo "== $target"
  cargo build --profile dist --locked --target "$target"
  exe=gongshi
  [[ $target == *windows* ]] && exe=gongshi.exe
  name="gongshi-$version-$target"
  stage=$(mktemp -d)
  root="$stage/$name"
  mkdir -p "$root/licenses" "$root/docs" "$root/example"
  cp "$target_dir/$target/dist/$exe" "$root/$exe"
  cp README.md "$root/"
  cp docs/install.md "$root/docs/"
  cp LICENSE-MIT LICENSE-APACHE "$root/"
  cp themes/default/fonts/OFL.txt "$root/licenses/OFL-Noto-Sans-SC.txt"
  third_party "$target" "$root/licenses/THIRD-PARTY.md"
  cp site.yaml "$root/example/"
  cp -r content "$root/example/"
  find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  rm -f "$dist/$name".*
  if [[ $target == *windows* ]]; then
    (cd "$stage" && find "$name" -print | LC_ALL=C sort | zip -X -q -@ "$dist/$name.zip")
    archive="$name.zip"
  else
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
      -C "$stage" -cf - "$name" | gzip -n -9 > "$dist/$name.tar.gz"
    archive="$name.tar.gz"
  fi
  rm -rf "$stage"
  size=$(stat -c %s "$target_dir/$target/release/$exe")
  echo "$archive: binary $((size / 1024 / 1024)) MiB, archive $(($(stat -c %s "$dist/$archive") / 1024 / 1024)) MiB"
done

(cd "$dist" && sha256sum gongshi-"$version"-*.tar.gz gongshi-"$version"-*.zip 2>/dev/null > SHA256SUMS || true)
echo "== $dist/SHA256SUMS"
cat "$dist/SHA256SUMS"
