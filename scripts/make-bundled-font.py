#!/usr/bin/env python3
"""Makes the CJK font that ships inside gongshi: themes/default/fonts/.

Source: the npm package @expo-google-fonts/noto-sans-sc (Google Fonts' static
Noto Sans SC TTFs, SIL Open Font License 1.1; the only Reserved Font Name is
"Source"). Regular (400) and Bold (700) are subset to:

- GB 2312 (= GB 18030 level-1 and level-2 Hanzi, 6,763 characters, plus its
  punctuation, symbols, kana, Greek and Cyrillic),
- ASCII, Latin-1, the Latin letters of Hanyu Pinyin, general and CJK punctuation,
  full-width forms, and the symbols the templates draw (check boxes, arrows, ①…),
- every character of the default theme, the Rust sources (labels and messages),
  the bundled example site and the tests (with the reference-site fixture),

without hinting (PDFs do not use it). Characters outside the subset fall back to
system fonts when printing. Output is deterministic: on the same repository the
script gives the same bytes (the character set grows with the repository's text, so
rerun it only to change the font, and commit the result). A unit test in
src/print/fonts.rs checks that the theme's characters are all in the committed font.

Needs: npm and Python's fonttools (`pip install fonttools`).
Usage: scripts/make-bundled-font.py
"""

import io
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

from fontTools import subset
from fontTools.ttLib import TTFont

PACKAGE = "@expo-google-fonts/noto-sans-sc@0.4.3"
WEIGHTS = {
    "400Regular/NotoSansSC_400Regular.ttf": "NotoSansSC-Regular.ttf",
    "700Bold/NotoSansSC_700Bold.ttf": "NotoSansSC-Bold.ttf",
}

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "themes/default/fonts"

# Folders whose text files' characters must all be in the font.
TEXT_DIRS = ["themes/default", "src", "content", "tests"]
TEXT_FILES = ["site.yaml"]
TEXT_SUFFIXES = {".rs", ".typ", ".json", ".html", ".yaml", ".yml", ".md", ".css", ".js"}

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (¥, ×, ·, °)
    (0x0100, 0x017F),  # Latin Extended-A (ā ē ī ō ū)
    (0x01CD, 0x01DC),  # Pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x2010, 0x205E),  # general punctuation (— ‘ ’ “ ” … ‰ ※)
    (0x20AC, 0x20AC),  # €
    (0x2100, 0x218F),  # letterlike (℃ № ™) and number forms (Ⅰ Ⅱ)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (■ □ ● ○ ▲ ◆)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆ ☐ ☑)
    (0x2700, 0x27BF),  # dingbats (✓ ✔ ✗)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊣)
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xFFE0, 0xFFE6),  # full-width ¥ ￥ ￠
]


def gb2312() -> set[int]:
    chars = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def used_in_repo() -> set[int]:
    chars = set()
    paths = [ROOT / f for f in TEXT_FILES]
    for d in TEXT_DIRS:
        paths.extend(p for p in sorted((ROOT / d).rglob("*")) if p.suffix in TEXT_SUFFIXES)
    for path in paths:
        if path.is_file():
            text = path.read_text(encoding="utf-8-sig", errors="ignore")
            chars.update(ord(c) for c in text if ord(c) >= 0x20)
    return chars


def fetch(tmp: pathlib.Path) -> pathlib.Path:
    subprocess.run(
        ["npm", "pack", PACKAGE, "--pack-destination", str(tmp), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (tarball,) = tmp.glob("*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def make_subset(source: pathlib.Path, chars: set[int]) -> bytes:
    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> int:
    chars = gb2312() | used_in_repo()
    for lo, hi in RANGES:
        chars.update(range(lo, hi + 1))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        package = fetch(pathlib.Path(tmp))
        shutil.copyfile(package / "LICENSE_FONT", OUT / "OFL.txt")
        for source, target in WEIGHTS.items():
            data = make_subset(package / source, chars)
            (OUT / target).write_bytes(data)
            covered = len(TTFont(io.BytesIO(data)).getBestCmap())
            print(f"{OUT.relative_to(ROOT) / target}: {len(data):,} bytes, {covered:,} characters")
    missing = sorted(c for c in used_in_repo() if c >= 0x3400 and c not in
                     TTFont(OUT / "NotoSansSC-Regular.ttf").getBestCmap())
    if missing:
        print("not in Noto Sans SC:", " ".join(f"{chr(c)} U+{c:04X}" for c in missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
