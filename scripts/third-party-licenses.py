#!/usr/bin/env python3
"""Writes the licences of every Rust crate in the gongshi binary (for the release archives).

Reads `cargo metadata --format-version 1 --filter-platform TARGET` on stdin; prints
Markdown: each crate that the binary links (normal dependencies, reached from gongshi),
its licence expression and the text of its LICENSE/COPYING/NOTICE files.
Usage: cargo metadata ... | scripts/third-party-licenses.py > THIRD-PARTY.md
"""

import json
import pathlib
import sys


def main() -> None:
    meta = json.load(sys.stdin)
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    seen, todo = set(), [meta["resolve"]["root"]]
    while todo:
        for dep in nodes[todo.pop()]["deps"]:
            normal = any(kind["kind"] is None for kind in dep["dep_kinds"])
            if normal and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    packages = sorted(
        (p for p in meta["packages"] if p["id"] in seen),
        key=lambda p: (p["name"], p["version"]),
    )
    out = [
        "# Third-party software in gongshi",
        "",
        f"The gongshi binary contains these {len(packages)} Rust crates, each under its own licence.",
        "",
    ]
    for p in packages:
        licence = p.get("license") or p.get("license_file") or "see its files"
        out += [f"## {p['name']} {p['version']} — {licence}", ""]
        folder = pathlib.Path(p["manifest_path"]).parent
        for f in sorted(folder.iterdir()):
            upper = f.name.upper()
            if f.is_file() and upper.startswith(("LICEN", "COPYING", "NOTICE")):
                out += ["```text", f.read_text(errors="replace").rstrip(), "```", ""]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
