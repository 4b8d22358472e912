#!/usr/bin/env python3
"""Makes tests/fixtures/fonts/fallback/NotoSansCJKsc-Fallback.otf: a few characters of
Noto Sans CJK SC (Debian's fonts-noto-cjk, SIL Open Font License 1.1), among them
𠮷 (U+20BB7), which the bundled Noto Sans SC lacks. The tests use it as "an installed
font" (through FONTCONFIG_FILE) and as a site's fonts/ folder, so they can show font
fallback on a machine without any CJK font installed.

Needs: fonts-noto-cjk and Python's fonttools. Usage: scripts/make-test-font.py
"""

import pathlib

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CHARS = "𠮷中国办吉事"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/fonts/fallback"


def main() -> None:
    collection = TTCollection(SOURCE, recalcTimestamp=False)
    (font,) = [f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC"]
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=CHARS)
    subsetter.subset(font)
    OUT.mkdir(parents=True, exist_ok=True)
    font.save(OUT / "NotoSansCJKsc-Fallback.otf")
    license = pathlib.Path("/usr/share/doc/fonts-noto-cjk/copyright")
    if license.exists():
        (OUT / "LICENSE.txt").write_text(license.read_text())
    print(OUT / "NotoSansCJKsc-Fallback.otf", (OUT / "NotoSansCJKsc-Fallback.otf").stat().st_size)


if __name__ == "__main__":
    main()
